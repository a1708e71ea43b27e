import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { type Core, createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger, type Logger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import { type CallName, callNames, calls } from '../../../src/shared/ipc/contract'
import { tempDataDir } from '../../support/tempDir'

/**
 * Walks the whole IPC contract: for every call, a valid input is built from
 * its schema, then each string in it (ids, searches, names, URLs, filters…)
 * is replaced in turn by a string with a NUL, a lone surrogate, and one far
 * too long. Sent through `dispatch`, the path every IPC call takes, against a
 * real core and sandbox, each must be refused as `validation`, never reach a
 * handler and come back `internal`.
 */

type Path = (string | number)[]
// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are walked loosely
type Def = any

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

/** Candidates tried, in order, for a string leaf; the first its schema accepts is used. */
const STRING_CANDIDATES = [
  'x1',
  '1234567890',
  'US',
  'Tenant Co',
  'http://127.0.0.1:9/hook',
  'https://127.0.0.1:9/hook',
  '/hook',
  '2099-01-01T00:00:00Z',
  '2099-01-01T00:00:00.000Z',
  '+15550134567',
  'kapso-test-key-0123456789abcdef0123456789',
  '00000000-0000-4000-8000-000000000000',
  '{}',
]

/** A value the schema accepts (every optional field filled in, so its strings are walked too). */
const NEVER = Symbol('never')

function sample(schema: z.ZodType): unknown {
  const def = defOf(schema)
  switch (def.type) {
    case 'never':
      return NEVER
    case 'string': {
      for (const candidate of STRING_CANDIDATES) if (schema.safeParse(candidate).success) return candidate
      return 'x'
    }
    case 'number':
    case 'int': {
      // The schema's own lower bound too (e.g. a byte budget of at least 16 MiB).
      const min = (schema as z.ZodNumber).minValue
      for (const n of [1, 0, 100, 1000, ...(Number.isFinite(min) ? [min as number] : [])])
        if (schema.safeParse(n).success) return n
      return 1
    }
    case 'boolean':
      return false
    case 'literal':
      return def.values[0]
    case 'enum':
      return Object.values(def.entries)[0]
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, field] of Object.entries(def.shape)) {
        const value = sample(field as z.ZodType)
        // A field the call refuses to take (z.never(), e.g. a setting only main may set) is left out.
        if (value !== NEVER) out[key] = value
      }
      return out
    }
    case 'array': {
      const item = sample(def.element)
      return [item]
    }
    case 'tuple':
      return def.items.map((item: z.ZodType) => sample(item))
    case 'record':
      return {}
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return sample(def.innerType)
    case 'union':
      for (const option of def.options) {
        const value = sample(option)
        if ((option as z.ZodType).safeParse(value).success) return value
      }
      return sample(def.options[0])
    case 'pipe':
      return sample(def.in)
    case 'lazy':
      return sample(def.getter())
    case 'null':
      return null
    default:
      return {}
  }
}

/** Paths of every string in a value (keys of records are not generated, so not walked). */
function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path]
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, i]))
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]))
  return []
}

function withValue(value: unknown, path: Path, replacement: string): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value))
    return value.map((item, i) => (i === head ? withValue(item, rest, replacement) : item))
  const object = value as Record<string, unknown>
  return { ...object, [head as string]: withValue(object[head as string], rest, replacement) }
}

/** Inputs a plain sample cannot satisfy (cross-field rules), given by hand. */
const linkOptions = {
  success_redirect_url: 'https://app.example.com/connected',
  failure_redirect_url: '',
  phone_number_country_isos: ['US'],
  phone_number_area_code: '',
  reconnect_phone_number: '',
  allowed_origins: ['https://app.example.com'],
}
const baseOverrides: Partial<Record<CallName, unknown>> = {
  'setupLinks.create': { customerId: 'x1', options: linkOptions },
  'setupLinks.savePreset': { name: 'Preset', options: linkOptions },
}

/** Fields meant for whole files or bodies (50 MiB, 1 MiB): a long string there is refused or read, never `internal`. */
const bigTextFields = new Set(['webhooks.import content', 'webhooks.forwarding.replay body'])

const ODD = {
  nul: 'before\u0000after',
  'lone surrogate': 'before\uD800after',
  overlong: 'x'.repeat(100_000),
} as const

let sandbox: Sandbox
let core: Core
let log: Logger
let removeData: () => void

beforeAll(async () => {
  sandbox = await startSandbox({ customers: 3 })
  const data = tempDataDir('kapso-oddtext-')
  removeData = data.remove
  log = createLogger({ file: join(data.dir, 'logs', 'test.log'), level: 'error' })
  core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore(),
    log,
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
})

afterAll(async () => {
  await core?.dispose()
  await sandbox?.close()
  removeData?.()
})

const send = (name: string, input: unknown) => dispatch(core.handlers, log, name, input, { origin: 'test' })

describe('odd text anywhere in the IPC contract', () => {
  test('every string input of every call: NUL, lone surrogate and overlong are refused as validation', async () => {
    const problems: string[] = []
    let tried = 0
    let callsWithStrings = 0
    for (const name of callNames) {
      const schema = calls[name].input as z.ZodType
      const base = name in baseOverrides ? baseOverrides[name] : sample(schema)
      const paths = stringPaths(base)
      if (paths.length === 0) continue
      callsWithStrings++
      // The base must be valid, or a refusal below would prove nothing about the odd string.
      const parsed = schema.safeParse(base)
      if (!parsed.success) {
        problems.push(`${name}: sample input not accepted (${JSON.stringify(base)}): ${parsed.error.message}`)
        continue
      }
      for (const path of paths) {
        for (const [kind, odd] of Object.entries(ODD)) {
          const field = path.filter((p) => typeof p === 'string').join('.')
          const result = await send(name, withValue(base, path, odd))
          tried++
          const code = result.ok ? 'ok' : result.error.code
          const accepted =
            code === 'validation' ||
            (kind === 'overlong' && bigTextFields.has(`${name} ${field}`) && code !== 'internal')
          if (!accepted) problems.push(`${name} ${path.join('.')} (${kind}): ${code}`)
        }
      }
    }
    expect(problems).toEqual([])
    // The walk really covered the surface (if the contract shrinks a lot, look again).
    expect(callsWithStrings).toBeGreaterThan(25)
    expect(tried).toBeGreaterThan(150)
  })

  test('the three reported cases: a lone surrogate in a customerId, a NUL in a customers search', async () => {
    for (const name of ['setupLinks.context', 'connections.checkNow'] as const) {
      const result = await send(name, { customerId: '\uD800' })
      expect(result.ok ? 'ok' : result.error, name).toMatchObject({ code: 'validation' })
    }
    const create = await send('setupLinks.create', { customerId: 'ab\uD800', options: {} })
    expect(create.ok ? 'ok' : create.error).toMatchObject({ code: 'validation' })
    const search = await send('customers.query', { search: 'tenant\u0000' })
    expect(search.ok ? 'ok' : search.error).toMatchObject({ code: 'validation' })
    if (!search.ok) expect(search.error.message).toContain('NUL')
    // Well-formed text is untouched: a real pair (an emoji) and accents are fine.
    const emoji = await send('customers.query', { search: 'café 👋' })
    expect(emoji.ok).toBe(true)
  })
})
