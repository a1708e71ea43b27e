import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { type Json, startReceiver, startTestSandbox } from './helpers'

/**
 * The reference's documented requests (its curl example for the Meta proxy, and
 * the create/list bodies it shows for the Platform API) run unchanged through real
 * curl; only the host `https://api.kapso.ai` is swapped for the sandbox's. Each
 * command gets `-sS -w` appended to read the status: output flags, not request changes.
 */
const run = promisify(execFile)
let sandbox: Sandbox
let receiver: Awaited<ReturnType<typeof startReceiver>>
const ids: Record<string, string> = {}

beforeAll(async () => {
  sandbox = await startTestSandbox({ customers: 20 })
  receiver = await startReceiver()
  ids.PHONE_NUMBER_ID = sandbox.store.phoneNumbers.items[0]!.phone_number_id
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

async function curl(command: string): Promise<{ status: number; body: Json }> {
  let cmd = command.replace(/https:\/\/api\.kapso\.ai/g, sandbox.url)
  for (const [key, value] of Object.entries(ids)) cmd = cmd.replaceAll(`<${key}>`, value)
  const { stdout } = await run('bash', ['-c', `${cmd} -sS -w '\\n%{http_code}'`], {
    env: { ...process.env, KAPSO_API_KEY: sandbox.apiKey },
  })
  const at = stdout.lastIndexOf('\n')
  const text = stdout.slice(0, at)
  return { status: Number(stdout.slice(at + 1)), body: text ? JSON.parse(text) : undefined }
}

describe('documented curl examples work against the sandbox', () => {
  test('reference 5: send a text message through the Meta proxy', async () => {
    const { status, body } =
      await curl(`curl -X POST "https://api.kapso.ai/meta/whatsapp/v24.0/<PHONE_NUMBER_ID>/messages" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" \\
  -d '{"messaging_product":"whatsapp","to":"15551234567","type":"text","text":{"body":"Hello"}}'`)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      messaging_product: 'whatsapp',
      contacts: [{ input: '15551234567', wa_id: '15551234567' }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    })
  })

  test('reference 1.4: create a customer with the `customer` root key', async () => {
    const { status, body } = await curl(`curl -X POST "https://api.kapso.ai/platform/v1/customers" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" \\
  -d '{"customer":{"name":"Acme","external_customer_id":"cus_1"}}'`)
    expect(status).toBe(201)
    expect(body.data).toMatchObject({ name: 'Acme', external_customer_id: 'cus_1' })
    ids.CUSTOMER_ID = body.data.id
  })

  test('reference 2.1: list customers, page style', async () => {
    const { status, body } = await curl(
      `curl "https://api.kapso.ai/platform/v1/customers?page=1&per_page=20" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(status).toBe(200)
    expect(body.meta).toEqual({ page: 1, per_page: 20, total_pages: 2, total_count: 26 })
    expect(body.data[0].id).toBe(ids.CUSTOMER_ID)
  })

  test('reference 1.4 and 2.2: `{"setup_link":{}}` is a valid minimal create; the SKILLS default too', async () => {
    const minimal =
      await curl(`curl -X POST "https://api.kapso.ai/platform/v1/customers/<CUSTOMER_ID>/setup_links" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" -d '{"setup_link":{}}'`)
    expect(minimal.status).toBe(201)
    expect(minimal.body.data.token).toBeTruthy()
    const skills =
      await curl(`curl -X POST "https://api.kapso.ai/platform/v1/customers/<CUSTOMER_ID>/setup_links" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" \\
  -d '{"setup_link":{"allowed_connection_types":["dedicated"],"provision_phone_number":true,"phone_number_country_isos":["US"]}}'`)
    expect(skills.status).toBe(201)
    ids.SETUP_LINK_ID = skills.body.data.id
    const list = await curl(
      `curl "https://api.kapso.ai/platform/v1/customers/<CUSTOMER_ID>/setup_links?status=revoked" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(list.body.data.map((l: Json) => l.id)).toEqual([minimal.body.data.id])
  })

  test('reference 2.2: revoke with PATCH {"setup_link":{"status":"revoked"}}', async () => {
    const { status, body } =
      await curl(`curl -X PATCH "https://api.kapso.ai/platform/v1/customers/<CUSTOMER_ID>/setup_links/<SETUP_LINK_ID>" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" -d '{"setup_link":{"status":"revoked"}}'`)
    expect(status).toBe(200)
    expect(body.data.status).toBe('revoked')
  })

  test('reference 1.4 and 2.4: create a webhook with `whatsapp_webhook`, then test it with {"event_type":...}', async () => {
    ids.RECEIVER = receiver.url
    const created = await curl(`curl -X POST "https://api.kapso.ai/platform/v1/whatsapp/webhooks" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" \\
  -d '{"whatsapp_webhook":{"url":"<RECEIVER>","events":["whatsapp.phone_number.created"]}}'`)
    expect(created.status).toBe(201)
    expect(created.body.data.secret_key).toBeTruthy()
    ids.WEBHOOK_ID = created.body.data.id
    const tested =
      await curl(`curl -X POST "https://api.kapso.ai/platform/v1/whatsapp/webhooks/<WEBHOOK_ID>/test" \\
  -H "X-API-Key: $KAPSO_API_KEY" -H "Content-Type: application/json" -d '{"event_type":"whatsapp.phone_number.created"}'`)
    expect(tested).toEqual({ status: 200, body: { data: { success: true } } })
    await receiver.waitFor(1)
  })

  test('reference 6: phone numbers of a customer, health, deliveries and API logs', async () => {
    const numbers = await curl(
      `curl "https://api.kapso.ai/platform/v1/whatsapp/phone_numbers?customer_id=<CUSTOMER_ID>" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(numbers.body).toMatchObject({ data: [], meta: { total_count: 0 } })
    const health = await curl(
      `curl "https://api.kapso.ai/platform/v1/whatsapp/phone_numbers/<PHONE_NUMBER_ID>/health" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(health.body.status).toBe('healthy')
    await sandbox.whenIdle()
    const deliveries = await curl(
      `curl "https://api.kapso.ai/platform/v1/webhook_deliveries?period=7d" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(deliveries.body.data.some((d: Json) => d.webhook_id === ids.WEBHOOK_ID)).toBe(true)
    const logs = await curl(
      `curl "https://api.kapso.ai/platform/v1/api_logs?errors_only=true" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(logs.body).toMatchObject({ data: [], paging: { next: null } })
  })

  test('reference 1.3: DELETE answers 204 with an empty body', async () => {
    const { status, body } = await curl(
      `curl -X DELETE "https://api.kapso.ai/platform/v1/customers/<CUSTOMER_ID>" -H "X-API-Key: $KAPSO_API_KEY"`,
    )
    expect(status).toBe(204)
    expect(body).toBeUndefined()
  })
})
