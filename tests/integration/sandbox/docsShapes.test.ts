import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { loadDocFixtures, routeOf } from '../../support/kapsoDocs'
import { specPath } from '../../support/openapi'
import { compareWithExamples, itemOf, keyPaths } from '../../support/shape'
import { client } from './helpers'

/**
 * The sandbox answers like the docs: for every documented response, the
 * sandbox's own answer to the same call agrees with the published examples in
 * JSON types, keys, envelope and pagination block (tests/support/shape.ts
 * says how several disagreeing examples are weighed; differences are printed).
 */

const openMaps = ['theme_config', 'headers', 'checks', 'checks.details']

/** Calls that answer the same object: keys documented for one are documented for all. */
const objectOf = (route: string) =>
  route.includes('/setup_links')
    ? 'setup link'
    : route.includes('/webhooks')
      ? 'webhook'
      : route.startsWith('GET /whatsapp/phone_numbers') && !route.endsWith('/health')
        ? 'phone number'
        : route.replace(/\/\{[^}]+\}/g, '')

/** Top-level properties the current OpenAPI file declares for a 200 answer (its own envelope). */
let specCache: unknown
function specEnvelope(route: string): string[] | null {
  const [method, path] = route.split(' ') as [string, string]
  specCache ??= parse(readFileSync(specPath, 'utf8'))
  const spec = specCache as {
    paths: Record<
      string,
      Record<
        string,
        { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }
      >
    >
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
  }
  const op = spec.paths[path]?.[method.toLowerCase()]
  const ref = Object.entries(op?.responses ?? {}).find(([s]) => s.startsWith('2'))?.[1].content?.[
    'application/json'
  ]?.schema?.$ref
  const props = ref ? spec.components.schemas[ref.split('/').at(-1)!]?.properties : undefined
  return props ? Object.keys(props) : null
}

let sandbox: Sandbox
let api: ReturnType<typeof client>
const ids = { customer: '', link: '', number: '', projectHook: '', numberHook: '' }

beforeAll(async () => {
  sandbox = await startSandbox({ customers: 5 })
  api = client(sandbox)
  const globex = sandbox.store.customers.items.find((c) => c.name === 'Globex Logistics')!
  ids.customer = globex.id
  const number = sandbox.store.phoneNumbers.items.find((n) => n.customer_id)!
  ids.number = number.phone_number_id
  // A delivery and an API log exist once something happened.
  const hook = (
    await api.post('/whatsapp/webhooks', {
      whatsapp_webhook: {
        url: `${sandbox.url}/sandbox/webhook-sink`,
        secret_key: 's',
        events: ['whatsapp.phone_number.created'],
      },
    })
  ).body as { data: { id: string } }
  ids.projectHook = hook.data.id
  await api.post(`/whatsapp/webhooks/${ids.projectHook}/test`, {})
  await sandbox.whenIdle()
  const numberHook = (
    await api.post(`/whatsapp/phone_numbers/${ids.number}/webhooks`, {
      whatsapp_webhook: {
        url: `${sandbox.url}/sandbox/webhook-sink`,
        secret_key: 's',
        events: ['whatsapp.message.received'],
      },
    })
  ).body as { data: { id: string } }
  ids.numberHook = numberHook.data.id
})
afterAll(() => sandbox.close())

const fixtures = loadDocFixtures()
/** A documented request body, as published (so the sandbox is asked what the docs ask). */
const documentedRequest = (file: string) => {
  const f = fixtures.find((x) => x.file === file)
  if (!f) throw new Error(`no fixture ${file}`)
  return f.example
}

/** The same call the docs example answers, made to the sandbox. */
const calls: Record<string, () => Promise<{ status: number; body: unknown }>> = {
  'GET /customers': () => api.get('/customers'),
  'POST /customers': () =>
    api.post('/customers', { customer: { name: 'Shape Co', external_customer_id: `shape-${Date.now()}` } }),
  'GET /customers/{customer_id}': () => api.get(`/customers/${ids.customer}`),
  'PATCH /customers/{customer_id}': () =>
    api.patch(`/customers/${ids.customer}`, { customer: { name: 'Globex Logistics' } }),
  'GET /customers/{customer_id}/setup_links': () => api.get(`/customers/${ids.customer}/setup_links`),
  'POST /customers/{customer_id}/setup_links': async () => {
    const r = await api.post(`/customers/${ids.customer}/setup_links`, { setup_link: {} })
    ids.link = (r.body as { data: { id: string } }).data.id
    return r
  },
  'PATCH /customers/{customer_id}/setup_links/{setup_link_id}': async () => {
    if (!ids.link) await calls['POST /customers/{customer_id}/setup_links']!()
    return api.patch(`/customers/${ids.customer}/setup_links/${ids.link}`, { setup_link: { language: 'es' } })
  },
  'GET /whatsapp/phone_numbers': () => api.get('/whatsapp/phone_numbers'),
  'GET /whatsapp/phone_numbers/{phone_number_id}/health': () =>
    api.get(`/whatsapp/phone_numbers/${ids.number}/health`),
  'POST /whatsapp/webhooks': () =>
    api.post(
      '/whatsapp/webhooks',
      documentedRequest('openapi/current-post-whatsapp-webhooks-request-project-scoped.json'),
    ),
  'PATCH /whatsapp/webhooks/{webhook_id}': () =>
    api.patch(`/whatsapp/webhooks/${ids.projectHook}`, { whatsapp_webhook: { active: true } }),
  'POST /whatsapp/phone_numbers/{phone_number_id}/webhooks': () =>
    api.post(
      `/whatsapp/phone_numbers/${ids.number}/webhooks`,
      documentedRequest(
        'openapi/current-post-whatsapp-phone-numbers-phone-number-id-webhooks-request-basic.json',
      ),
    ),
  'GET /whatsapp/phone_numbers/{phone_number_id}/webhooks/{webhook_id}': () =>
    api.get(`/whatsapp/phone_numbers/${ids.number}/webhooks/${ids.numberHook}`),
  'PATCH /whatsapp/phone_numbers/{phone_number_id}/webhooks/{webhook_id}': () =>
    api.patch(`/whatsapp/phone_numbers/${ids.number}/webhooks/${ids.numberHook}`, {
      whatsapp_webhook: { active: true },
    }),
  'GET /webhook_deliveries': () => api.get('/webhook_deliveries'),
  'GET /api_logs': () => api.get('/api_logs'),
}

const byRoute = new Map<string, Array<{ name: string; body: unknown }>>()
const keysByObject = new Map<string, Set<string>>()
for (const f of fixtures) {
  if (f.kind !== 'response') continue
  const route = routeOf(f.endpoint)
  const known = keysByObject.get(objectOf(route)) ?? new Set<string>()
  for (const k of keyPaths(itemOf(f.example), { openMaps })) known.add(k)
  keysByObject.set(objectOf(route), known)
  if (!calls[route]) continue
  byRoute.set(route, [...(byRoute.get(route) ?? []), { name: f.file, body: f.example }])
}

describe('the sandbox answers in the shapes the docs publish', () => {
  it('covers every documented route the console calls', () => {
    expect([...byRoute.keys()].sort()).toEqual(Object.keys(calls).sort())
  })

  for (const [route, examples] of byRoute) {
    it(`${route} (${examples.length} published example(s))`, async () => {
      const reply = await calls[route]!()
      expect(reply.status).toBeLessThan(300)
      const envelope = specEnvelope(route)
      const report = compareWithExamples(examples, reply.body, {
        openMaps,
        knownItemKeys: keysByObject.get(objectOf(route))!,
        ...(envelope ? { envelopes: [envelope] } : {}),
      })
      if (Object.values(report).some((v) => v.length))
        console.info(`${route}:`, JSON.stringify(report, null, 2))
      expect(report).toEqual({ envelope: [], types: [], notInDocs: [], missing: [] })
    })
  }
})
