import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import type { WebhookEventSummary } from '../../../src/shared/webhooks/event'
import type { ListenStatus } from '../../../src/shared/webhooks/session'
import { filesContaining } from '../../support/scanForText'
import { tempDataDir } from '../../support/tempDir'

// biome-ignore lint/suspicious/noExplicitAny: tests read API bodies loosely
type Json = any

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function sandboxFor() {
  const sandbox = await startSandbox({ customers: 3, webhookRetryDelaysMs: [50, 100, 150] })
  cleanups.push(() => sandbox.close())
  return sandbox
}

function coreFor(sandbox: Sandbox, dataDir?: string) {
  const data = dataDir ? null : tempDataDir('kapso-listen-')
  const dir = dataDir ?? data!.dir
  const log = createLogger({ file: join(dir, 'logs', 'test.log'), level: 'debug' })
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: dir,
    secrets: createMemorySecretStore(),
    log,
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
  const received: WebhookEventSummary[] = []
  core.events.subscribe((event, items) => {
    if (event === 'webhooks.received') received.push(...(items as WebhookEventSummary[]))
  })
  cleanups.push(async () => {
    await core.dispose()
    data?.remove()
  })
  const call = async <T = Json>(name: string, input: unknown = {}): Promise<T> => {
    const result = await dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
    return result.data as T
  }
  return { core, call, received, dir }
}

async function api(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${sandbox.url}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': sandbox.apiKey, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return text ? JSON.parse(text) : null
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const value = await probe()
    if (value) return value
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A customer completes the sandbox setup page, as a person would. */
async function completeSignup(sandbox: Sandbox, name: string) {
  const customer = (await api(sandbox, 'POST', '/customers', { customer: { name } })).data
  const link = (await api(sandbox, 'POST', `/customers/${customer.id}/setup_links`, { setup_link: {} })).data
  const res = await fetch(`${link.url}/complete`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      display_phone_number: `+1 555 ${(randomBytes(2).readUInt16BE() % 900) + 100} 0000`,
    }),
  })
  expect(res.status).toBeLessThan(400)
  return customer as { id: string; name: string }
}

const ourHooks = (sandbox: Sandbox) =>
  sandbox.store.webhooks.items.filter((w) => w.url.includes('/kapso-console/'))

describe('listen session against the sandbox (direct tunnel)', () => {
  test('start registers a signed project webhook; a signup arrives live, verified, with the customer name; stop removes it', async () => {
    const sandbox = await sandboxFor()
    const { call, received, dir } = coreFor(sandbox)
    const status = await call<ListenStatus>('webhooks.startListening', {})
    expect(status).toMatchObject({
      state: 'listening',
      receiver: { state: 'up' },
      tunnel: { kind: 'direct', state: 'up' },
    })
    expect(status.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kapso-console\/[a-f0-9]+\/[a-f0-9]+$/)
    const [hook] = ourHooks(sandbox)
    expect(hook).toMatchObject({ url: status.webhookUrl, phone_number_id: null })
    expect(hook!.events).toContain('whatsapp.phone_number.created')
    // The status the renderer sees never carries the secret.
    expect(JSON.stringify(status)).not.toContain(hook!.secret_key!)

    const customer = await completeSignup(sandbox, 'Tenant Signup Co')
    const event = await until('the created event', () =>
      received.find((e) => e.eventType === 'whatsapp.phone_number.created'),
    )
    expect(event).toMatchObject({ signature: 'valid', customerId: customer.id, duplicate: false })
    expect(event.phoneNumberId).toMatch(/^\d+$/)
    const named = await until('the customer name', async () => {
      const page = await call('webhooks.listEvents', {
        filter: { eventTypes: ['whatsapp.phone_number.created'] },
      })
      return page.events.find((e: WebhookEventSummary) => e.customerName === 'Tenant Signup Co')
    })
    expect(named.id).toBe(event.id)
    const detail = await call('webhooks.getEvent', { id: event.id })
    expect(JSON.parse(detail.rawBody)).toMatchObject({ customer: { id: customer.id } })
    expect(detail.headers.map(([n]: [string]) => n.toLowerCase())).toContain('x-webhook-signature')

    const stopped = await call<ListenStatus>('webhooks.stopListening')
    expect(stopped).toMatchObject({ state: 'idle', receiver: { state: 'off' }, registered: [] })
    expect(ourHooks(sandbox)).toEqual([])
    // The secret stayed in memory: not in the SQLite file, its WAL, or the log.
    expect(filesContaining(dir, hook!.secret_key!)).toEqual([])
  })

  test('"Send test event" goes through the API test call and arrives verified; number webhooks get message events', async () => {
    const sandbox = await sandboxFor()
    const { call, received } = coreFor(sandbox)
    await completeSignup(sandbox, 'Numbers Inc')
    const number = sandbox.store.phoneNumbers.items.at(-1)!
    const status = await call<ListenStatus>('webhooks.startListening', {
      phoneNumberIds: [number.phone_number_id],
      numberEvents: ['whatsapp.message.received'],
    })
    expect(status.registered.map((w) => w.phoneNumberId)).toEqual([null, number.phone_number_id])
    const tested = await call<ListenStatus>('webhooks.sendTest', {})
    expect(tested.lastTest).toMatchObject({ ok: true })
    await until('the test event', () => received.find((e) => e.eventType === 'whatsapp.phone_number.created'))
    await call('webhooks.sendTest', { eventType: 'whatsapp.message.received' })
    const message = await until('the message test event', () =>
      received.find((e) => e.eventType === 'whatsapp.message.received'),
    )
    expect(message).toMatchObject({ signature: 'valid', phoneNumberId: number.phone_number_id })
    await call('webhooks.stopListening')
    expect(ourHooks(sandbox)).toEqual([])
  })

  test('after a crash, the next start finds the webhooks it left behind (only this install’s) and removes them on request', async () => {
    const sandbox = await sandboxFor()
    const first = coreFor(sandbox)
    const crashed = await first.call<ListenStatus>('webhooks.startListening', {})
    // Another install's live session must never be offered for removal.
    const foreign = (
      await api(sandbox, 'POST', '/whatsapp/webhooks', {
        whatsapp_webhook: {
          url: 'https://elsewhere.example/kapso-console/0123456789abcdef/abc',
          events: ['whatsapp.phone_number.created'],
        },
      })
    ).data
    // The "crash": the process is gone without stop; a new one starts on the same data folder.
    const second = coreFor(sandbox, first.dir)
    const found = await second.call<ListenStatus>('webhooks.findLeftovers')
    expect(found.leftovers.map((w) => w.id)).toEqual([crashed.registered[0]!.id])
    expect(found.leftovers[0]!.url).toBe(crashed.webhookUrl)

    const started = await second.call<ListenStatus>('webhooks.startListening', {})
    expect(started.leftovers.map((w) => w.id)).toEqual([crashed.registered[0]!.id])
    const cleaned = await second.call<ListenStatus>('webhooks.removeLeftovers', {
      ids: started.leftovers.map((w) => w.id),
    })
    expect(cleaned.leftovers).toEqual([])
    expect(sandbox.store.webhooks.get(crashed.registered[0]!.id)).toBeUndefined()
    expect(sandbox.store.webhooks.get(foreign.id)).toBeDefined()
    expect(sandbox.store.webhooks.get(started.registered[0]!.id)).toBeDefined()
  })

  test('each scope at its own path: stop and leftover clean-up delete number webhooks under their number', async () => {
    // Project and phone-number webhooks live at different paths (openapi-platform.yaml:
    // /whatsapp/webhooks/{id} vs /whatsapp/phone_numbers/{phone_number_id}/webhooks/{id}).
    // The sandbox serves either; its API log shows which path the console used.
    const sandbox = await sandboxFor()
    const deletes = () =>
      sandbox.store.apiLogs
        .map((l) => l.item)
        .filter((l) => l.http_method === 'DELETE')
        .map((l) => l.endpoint)
        .sort()
    const [a, b] = sandbox.store.phoneNumbers.items
    const first = coreFor(sandbox)
    const live = await first.call<ListenStatus>('webhooks.startListening', {
      phoneNumberIds: [a!.phone_number_id],
      numberEvents: ['whatsapp.message.received'],
    })
    const [liveProject, liveNumber] = live.registered
    await first.call('webhooks.stopListening')
    expect(deletes()).toEqual(
      [
        `/platform/v1/whatsapp/webhooks/${liveProject!.id}`,
        `/platform/v1/whatsapp/phone_numbers/${a!.phone_number_id}/webhooks/${liveNumber!.id}`,
      ].sort(),
    )

    // A crash with webhooks of both scopes (two numbers) left behind.
    const crashed = await first.call<ListenStatus>('webhooks.startListening', {
      phoneNumberIds: [a!.phone_number_id, b!.phone_number_id],
      numberEvents: ['whatsapp.message.received'],
    })
    expect(crashed.registered.map((w) => w.phoneNumberId)).toEqual([
      null,
      a!.phone_number_id,
      b!.phone_number_id,
    ])
    const second = coreFor(sandbox, first.dir)
    const found = await second.call<ListenStatus>('webhooks.findLeftovers')
    expect(found.leftovers.map((w) => w.id).sort()).toEqual(crashed.registered.map((w) => w.id).sort())
    const before = deletes().length
    const cleaned = await second.call<ListenStatus>('webhooks.removeLeftovers', {
      ids: found.leftovers.map((w) => w.id),
    })
    expect(cleaned.leftovers).toEqual([])
    expect(deletes().length - before).toBe(3)
    expect(deletes()).toEqual(
      expect.arrayContaining([
        `/platform/v1/whatsapp/webhooks/${crashed.registered[0]!.id}`,
        `/platform/v1/whatsapp/phone_numbers/${a!.phone_number_id}/webhooks/${crashed.registered[1]!.id}`,
        `/platform/v1/whatsapp/phone_numbers/${b!.phone_number_id}/webhooks/${crashed.registered[2]!.id}`,
      ]),
    )
    expect(ourHooks(sandbox)).toEqual([])
  })

  test('a failed start leaves nothing registered and says why', async () => {
    const sandbox = await sandboxFor()
    const { call } = coreFor(sandbox)
    await call('webhooks.updateSettings', { tunnel: { kind: 'public-url' } })
    const error = await call('webhooks.startListening', {}).catch((e) => e)
    expect(error.message).toMatch(/Enter the public URL/)
    const status = await call<ListenStatus>('webhooks.getStatus')
    expect(status).toMatchObject({ state: 'error', receiver: { state: 'off' } })
    expect(ourHooks(sandbox)).toEqual([])
  })

  test('filters, full-text search, facets, retention and clear', async () => {
    const sandbox = await sandboxFor()
    const { call, core } = coreFor(sandbox)
    await call('webhooks.startListening', {})
    await completeSignup(sandbox, 'Alpha Tenant')
    await completeSignup(sandbox, 'Beta Tenant')
    const hook = ourHooks(sandbox)[0]!
    await sandbox.deliverEvent(
      'workflow.execution.failed',
      {
        event: 'workflow.execution.failed',
        error: { message: 'Workflow execution timed out' },
      },
      { webhookId: hook.id },
    )
    await until('three events', async () => (await call('webhooks.listEvents', {})).total >= 3)
    expect((await call('webhooks.listEvents', { filter: { text: 'timed out' } })).total).toBe(1)
    expect((await call('webhooks.listEvents', { filter: { text: 'phone_number_id' } })).total).toBe(2)
    expect((await call('webhooks.listEvents', { filter: { signature: ['invalid'] } })).total).toBe(0)
    const beta = await until('beta named', async () => {
      const page = await call('webhooks.listEvents', { filter: { customer: 'beta' } })
      return page.total === 1 ? page : undefined
    })
    expect(beta.events[0].customerName).toBe('Beta Tenant')
    const facets = await call('webhooks.facets')
    expect(facets.eventTypes).toEqual(['whatsapp.phone_number.created', 'workflow.execution.failed'])
    const future = new Date(Date.now() + 60_000).toISOString()
    expect((await call('webhooks.listEvents', { filter: { from: future } })).total).toBe(0)
    const settings = await call('webhooks.updateSettings', { retention: 100 })
    expect(settings.retention).toBe(100)
    expect(core.webhooks).toBeDefined()
    expect((await call('webhooks.clear')).removed).toBe(3)
    expect((await call('webhooks.listEvents', {})).total).toBe(0)
  })
})
