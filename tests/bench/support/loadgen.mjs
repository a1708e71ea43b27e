// A webhook sender in its own process (as Kapso is), so the server under test
// has the event loop to itself. Prints one JSON line: {acknowledged, perSecond}.
import { createHmac, randomUUID } from 'node:crypto'
import { Agent, request } from 'undici'

const [url, totalArg, concurrencyArg, secret] = process.argv.slice(2)
const total = Number(totalArg)
const concurrency = Number(concurrencyArg)
const bodies = Array.from({ length: 256 }, (_, i) =>
  JSON.stringify({
    message: {
      id: `wamid.HBgL${i}`,
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'text',
      text: { body: `Hello from customer ${i}, I need help with my order number ${i * 7}` },
      kapso: {
        direction: 'inbound',
        status: 'received',
        processing_status: 'pending',
        origin: 'cloud_api',
        has_media: false,
      },
    },
    conversation: {
      id: `conv_${i % 50}`,
      phone_number: '+15551234567',
      status: 'active',
      phone_number_id: `1555000${i % 20}`,
    },
    is_new_conversation: false,
    phone_number_id: `1555000${i % 20}`,
  }),
)
const signatures = bodies.map((b) => createHmac('sha256', secret).update(b).digest('hex'))
const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 })
let next = 0
let acknowledged = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      const res = await request(`${url}/kapso-console/bench/s`, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'content-type': 'application/json',
          'x-webhook-event': 'whatsapp.message.received',
          'x-webhook-signature': signatures[i % 256],
          'x-idempotency-key': randomUUID(),
        },
        body: bodies[i % 256],
      })
      await res.body.dump()
      if (res.statusCode === 200) acknowledged++
    }
  }),
)
const seconds = (performance.now() - started) / 1000
await agent.close()
process.stdout.write(`${JSON.stringify({ acknowledged, perSecond: acknowledged / seconds })}\n`)
