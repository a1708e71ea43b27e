import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { nodeKeychainSpawner } from '../../../src/main/secrets/nodeKeychainSpawner'
import { createProcessSecretStore } from '../../../src/main/secrets/processSecretStore'
import type { ProjectList } from '../../../src/shared/projects/project'
import { startRecordingProxy } from '../../support/recordingProxy'
import { tempDataDir } from '../../support/tempDir'
import { until } from '../../support/until'

/**
 * Moving a project to another host (issue 12, item 3): the stored key reaches
 * the new host only after the person confirmed that host and the key was
 * checked there, and then every capability talks to the new host together.
 * Two Kapso-compatible sandboxes stand for the old and the new host, each
 * behind a proxy that writes down the X-API-Key of every request it sees.
 */
const realKeychain = process.env.KAPSO_TEST_SECRET_SERVICE === 'gnome-keyring'
if (!realKeychain)
  console.log('hostChange.test: skipping: needs a real Secret Service, run under scripts/with-keyring.mjs.')

let oldKapso: Sandbox
let newKapso: Sandbox
let stranger: Sandbox
beforeAll(async () => {
  oldKapso = await startSandbox({ port: 0, customers: 40 })
  newKapso = await startSandbox({ port: 0, customers: 25 })
  // A host where the stored key is not valid.
  stranger = await startSandbox({ port: 0, customers: 1, apiKey: 'kapso_strangers_own_key_1' })
})
afterAll(async () => {
  await Promise.all([oldKapso.close(), newKapso.close(), stranger.close()])
})
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function proxy(target: Sandbox) {
  const p = await startRecordingProxy(target)
  cleanups.push(() => p.close())
  return p
}

function boot() {
  const data = tempDataDir()
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createProcessSecretStore({
      spawn: nodeKeychainSpawner(resolve('src/main/secrets/keychainHost.ts')),
      service: 'Kapso Console (host change test)',
    }),
    log: createLogger({ file: join(data.dir, 'logs', 'main.log') }),
    sandbox: async () => ({ url: oldKapso.url, apiKey: oldKapso.apiKey }),
  })
  cleanups.push(
    () => core.dispose(),
    () => data.remove(),
  )
  const raw = (name: string, input?: unknown) =>
    dispatch(core.handlers, core.log, name, input, { origin: 'test', checkOutput: true })
  const call = async (name: string, input?: unknown) => {
    const result = await raw(name, input)
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`)
    return result.data as never
  }
  return { core, raw, call }
}

async function synced(app: ReturnType<typeof boot>, after = '') {
  await app.call('customers.syncNow')
  return until(
    'a finished sync',
    async () => {
      const s = (await app.call('customers.syncStatus')) as { state: string; lastSyncedAt: string | null }
      return s.state === 'idle' && s.lastSyncedAt && s.lastSyncedAt > after ? s.lastSyncedAt : undefined
    },
    30_000,
  )
}

const key = () => oldKapso.apiKey

describe.skipIf(!realKeychain)('moving a project to another host', () => {
  test('refused until the new host is confirmed; a host that rejects the stored key changes nothing', async () => {
    const from = await proxy(oldKapso)
    const to = await proxy(stranger)
    const app = boot()
    const project = (await app.call('projects.create', {
      name: 'Acme',
      baseUrl: from.url,
      environment: 'production',
      apiKey: key(),
    })) as { id: string }

    const unconfirmed = await app.raw('projects.update', { id: project.id, baseUrl: to.url })
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'validation' } })
    if (!unconfirmed.ok) {
      expect(unconfirmed.error.message).toContain(new URL(from.url).host)
      expect(unconfirmed.error.message).toContain(new URL(to.url).host)
      expect(unconfirmed.error.fields?.baseUrl?.[0]).toMatch(/Confirm/)
    }
    // A confirmation of some other host does not count.
    const elsewhere = await app.raw('projects.update', {
      id: project.id,
      baseUrl: to.url,
      hostChange: { confirmedBaseUrl: 'https://api.kapso.ai' },
    })
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(to.requests).toEqual([])

    // Confirmed: the one request the new host sees is the key check, and it refuses the key.
    const rejected = await app.raw('projects.update', {
      id: project.id,
      baseUrl: to.url,
      hostChange: { confirmedBaseUrl: to.url },
    })
    expect(rejected).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(to.requests).toEqual([{ method: 'GET', path: '/platform/v1/customers?per_page=1', apiKey: key() }])
    const list = (await app.call('projects.list')) as ProjectList
    expect(list.projects.find((p) => p.id === project.id)?.baseUrl).toBe(from.url)
    await app.call('customers.syncNow')
    await synced(app)
    expect(to.requests).toHaveLength(1)
  })

  test('a key entered again is checked against the new host and replaces the stored one', async () => {
    const from = await proxy(oldKapso)
    const to = await proxy(stranger)
    const app = boot()
    const project = (await app.call('projects.create', {
      name: 'Acme',
      baseUrl: from.url,
      environment: 'production',
      apiKey: key(),
    })) as { id: string }
    const moved = await app.call('projects.update', {
      id: project.id,
      baseUrl: to.url,
      hostChange: { confirmedBaseUrl: to.url, apiKey: stranger.apiKey },
    })
    expect(moved).toMatchObject({
      baseUrl: to.url,
      key: { storage: 'keychain', mask: `••••••••${stranger.apiKey.slice(-4)}` },
    })
    await synced(app)
    expect(to.requests.length).toBeGreaterThan(1)
    expect(to.requests.every((r) => r.apiKey === stranger.apiKey)).toBe(true)
  })

  test('after the confirmed move, customers, phone numbers and webhooks all talk to the new host; a sync against the old one stops', async () => {
    const from = await proxy(oldKapso)
    const to = await proxy(newKapso)
    const app = boot()
    const project = (await app.call('projects.create', {
      name: 'Acme',
      baseUrl: from.url,
      environment: 'production',
      apiKey: key(),
    })) as { id: string }
    const firstSync = await synced(app)
    const oldNumber = oldKapso.store.phoneNumbers.items[0]!.phone_number_id
    await app.call('phoneNumbers.health', { phoneNumberId: oldNumber })
    await app.call('webhooks.deliveries.list', { filter: {} })

    // A slow old host, so that a sync is still running when the project moves.
    oldKapso.faults.inject({ kind: 'latency', ms: 400 })
    cleanups.push(() => oldKapso.faults.clear())
    await app.call('customers.syncNow')
    await until(
      'a sync under way',
      async () => ((await app.call('customers.syncStatus')) as { state: string }).state === 'syncing',
    )

    expect(to.requests).toEqual([])
    await app.call('projects.update', {
      id: project.id,
      baseUrl: to.url,
      hostChange: { confirmedBaseUrl: to.url },
    })
    expect(to.requests[0]).toEqual({
      method: 'GET',
      path: '/platform/v1/customers?per_page=1',
      apiKey: key(),
    })

    // What was in flight to the old host is abandoned; nothing new starts there.
    await until('the old host idle', () => from.inFlight() === 0)
    const oldSeen = from.requests.length
    await synced(app, firstSync)
    const newNumber = newKapso.store.phoneNumbers.items[0]!.phone_number_id
    await app.call('phoneNumbers.health', { phoneNumberId: newNumber, force: true })
    await app.call('webhooks.deliveries.list', { filter: {} })
    const customerId = newKapso.store.customers.items[0]!.id
    await app.call('customers.refreshDetail', { id: customerId })
    await app.call('connections.checkNow', { customerId })

    expect(from.requests.slice(oldSeen)).toEqual([])
    const paths = to.requests.map((r) => r.path)
    expect(paths.some((p) => p.startsWith('/platform/v1/customers?'))).toBe(true)
    expect(paths.some((p) => p.startsWith(`/platform/v1/customers/${customerId}`))).toBe(true)
    expect(paths.some((p) => p.includes(newNumber))).toBe(true)
    expect(paths.some((p) => p.startsWith('/platform/v1/webhook_deliveries'))).toBe(true)
    const status = (await app.call('customers.syncStatus')) as { cachedCustomers: number }
    expect(status.cachedCustomers).toBe(newKapso.store.customers.items.length)
  })
})
