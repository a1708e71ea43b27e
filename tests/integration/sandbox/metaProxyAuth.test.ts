import { afterEach, expect, test } from 'vitest'
import { META_BASE_PATH, type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'

/**
 * The Meta proxy as the docs describe it: `Authorization: Bearer <key>` works
 * (https://docs.kapso.ai/api/introduction), and a path it does not know answers
 * with Graph's error object, since the proxy mirrors Graph.
 */

let sandbox: Sandbox | null = null
afterEach(async () => {
  await sandbox?.close()
  sandbox = null
})

const send = (s: Sandbox, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${s.url}${META_BASE_PATH}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body ?? {}),
  })

test('a Bearer token (the project key) sends a message, as X-API-Key does; a wrong one is refused', async () => {
  sandbox = await startSandbox({ customers: 0 })
  const number = sandbox.store.phoneNumbers.items[0]!
  const message = { messaging_product: 'whatsapp', to: '15551234567', type: 'text', text: { body: 'hi' } }
  const bearer = await send(
    sandbox,
    `/${number.phone_number_id}/messages`,
    {
      Authorization: `Bearer ${sandbox.apiKey}`,
    },
    message,
  )
  expect(bearer.status).toBe(200)
  expect(await bearer.json()).toMatchObject({
    messaging_product: 'whatsapp',
    contacts: [{ wa_id: '15551234567' }],
  })
  const viaKey = await send(
    sandbox,
    `/${number.phone_number_id}/messages`,
    { 'X-API-Key': sandbox.apiKey },
    message,
  )
  expect(viaKey.status).toBe(200)
  const wrong = await send(
    sandbox,
    `/${number.phone_number_id}/messages`,
    { Authorization: 'Bearer not-the-key' },
    message,
  )
  expect(wrong.status).toBe(401)
  // The Platform API documents X-API-Key only: Bearer is not a way in there.
  const platform = await fetch(`${sandbox.url}/platform/v1/customers`, {
    headers: { Authorization: `Bearer ${sandbox.apiKey}` },
  })
  expect(platform.status).toBe(401)
})

test('an unknown proxy path answers a Graph-style error, not a Kapso one', async () => {
  sandbox = await startSandbox({ customers: 0 })
  const res = await send(sandbox, '/123/not_a_graph_edge', { Authorization: `Bearer ${sandbox.apiKey}` })
  expect(res.status).toBe(400)
  const body = (await res.json()) as { error: { message: string; fbtrace_id: unknown } }
  expect(typeof body.error).toBe('object')
  expect(body.error).toMatchObject({ type: 'OAuthException', code: 2500 })
  expect(body.error.message).toMatch(/Unknown path components: \/123\/not_a_graph_edge/)
  expect(body.error.fbtrace_id).toEqual(expect.any(String))
})
