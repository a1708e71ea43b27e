import { randomUUID } from 'node:crypto'
import { samplePayload } from '../../sandbox/events'

export interface SampleOptions {
  eventType: string
  customerId?: string | undefined
  phoneNumberId?: string | undefined
  batchSize?: number | undefined
  projectId: string
  now: Date
}

/**
 * A realistic v2 delivery of a catalogued event (reference 3.3, 3.6, 3.7),
 * shaped by the same builder as the sandbox's own deliveries, so what a
 * tenant's integration sees from a trigger is what Kapso would send.
 */
export function sampleDelivery(o: SampleOptions): { body: string; headers: [string, string][] } {
  const phoneNumberId = o.phoneNumberId || '100000000000001'
  const one = () => {
    const payload = samplePayload(o.eventType, { projectId: o.projectId, phoneNumberId, now: o.now })
    delete payload.test
    if ('customer' in payload) payload.customer = { id: o.customerId || randomUUID() }
    return payload
  }
  const batched = (o.batchSize ?? 1) > 1 && o.eventType.startsWith('whatsapp.message.')
  const body = batched
    ? JSON.stringify({
        type: o.eventType,
        batch: true,
        data: Array.from({ length: o.batchSize! }, one),
        batch_info: {
          size: o.batchSize,
          window_ms: 5000,
          first_sequence: 101,
          last_sequence: 100 + o.batchSize!,
          conversation_id: '00000000-0000-4000-8000-000000000000',
        },
      })
    : JSON.stringify(one())
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['User-Agent', 'Kapso-Console-Trigger/1.0'],
    ['X-Webhook-Event', o.eventType],
    ['X-Idempotency-Key', randomUUID()],
    ['X-Webhook-Payload-Version', 'v2'],
  ]
  if (batched) headers.push(['X-Webhook-Batch', 'true'], ['X-Batch-Size', String(o.batchSize)])
  return { body, headers }
}
