import { describe, expect, test } from 'vitest'
import type { HandlerTable } from '../../../src/main/core/handlerTable'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { AppError } from '../../../src/shared/ipc/errors'

const about = {
  appName: 'Kapso Console',
  appVersion: '1.2.3',
  runtime: { node: '24', electron: null, platform: 'linux' },
  dataDir: '/tmp/x',
  activeProject: { id: 'sandbox', name: 'Sandbox', environment: 'sandbox' },
  keychain: { state: 'available' as const, backend: 'test' },
}

function setup(handler: HandlerTable['app.getAbout']) {
  const lines: string[] = []
  const log = createLogger({ level: 'debug' })
  // Capture what would be written, through the same redactor.
  const capture = {
    redactor: log.redactor,
    debug: (m: string, d?: object) => lines.push(JSON.stringify({ m, d: log.redactor.value(d) })),
    info: (m: string, d?: object) => lines.push(JSON.stringify({ m, d: log.redactor.value(d) })),
    warn: (m: string, d?: object) => lines.push(JSON.stringify({ m, d: log.redactor.value(d) })),
    error: (m: string, d?: object) => lines.push(JSON.stringify({ m, d: log.redactor.value(d) })),
  }
  // Only the call under test is needed; dispatch looks handlers up by name.
  const handlers = { 'app.getAbout': handler } as unknown as HandlerTable
  return { handlers, log: capture, lines }
}

describe('dispatch', () => {
  test('a valid call returns ok with the handler data', async () => {
    const { handlers, log } = setup(async () => about)
    const result = await dispatch(handlers, log, 'app.getAbout', undefined, {
      origin: 'test',
      checkOutput: true,
    })
    expect(result).toEqual({ ok: true, data: about })
  })

  test('an unknown call is refused with unknown_call and logged', async () => {
    const { handlers, log, lines } = setup(async () => about)
    const result = await dispatch(handlers, log, 'app.deleteEverything', {}, { origin: 'test' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('unknown_call')
    expect(lines.join()).toContain('unknown call')
  })

  test('malformed input is refused with validation and field messages; the handler never runs', async () => {
    let ran = false
    const { handlers, log, lines } = setup(async () => {
      ran = true
      return about
    })
    const result = await dispatch(handlers, log, 'app.getAbout', { injected: '<script>' }, { origin: 'test' })
    expect(ran).toBe(false)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('validation')
      expect(result.error.message).toMatch(/not valid/)
      expect(Object.keys(result.error.fields ?? {})).toContain('(input)')
    }
    expect(lines.join()).toContain('invalid input')
  })

  test('an AppError thrown by a handler keeps its code and loses any secret text', async () => {
    const { handlers, log } = setup(async () => {
      throw new AppError(
        'unauthorized',
        'Kapso rejected key sk_live_abcdef123456 (x-api-key: sk_live_abcdef123456)',
      )
    })
    log.redactor.addSecret('sk_live_abcdef123456')
    const result = await dispatch(handlers, log, 'app.getAbout', undefined, { origin: 'test' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('unauthorized')
      expect(result.error.message).not.toContain('sk_live_abcdef123456')
    }
  })

  test('a crash becomes internal with words, not a thrown object', async () => {
    const { handlers, log, lines } = setup(async () => {
      throw new TypeError('cannot read properties of undefined')
    })
    const result = await dispatch(handlers, log, 'app.getAbout', undefined, { origin: 'test' })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    if (!result.ok) expect(result.error.message).toContain('cannot read properties of undefined')
    expect(lines.join()).toContain('crashed')
  })

  test('with output checking on, data outside the contract is caught', async () => {
    const { handlers, log } = setup(async () => ({ ...about, appVersion: 42 }) as unknown as typeof about)
    const result = await dispatch(handlers, log, 'app.getAbout', undefined, {
      origin: 'test',
      checkOutput: true,
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
