/**
 * Turns one HTTP delivery into the events it carries. Tolerant by design: the
 * body may be a v2 payload, a `{event, data}` envelope, a batch, or not JSON.
 */
export interface ParsedItem {
  eventType: string | null
  phoneNumberId: string | null
  customerId: string | null
  /** This item's JSON text (a batch item re-serialised; the body itself otherwise). */
  json: string | null
  size: number
}

export interface ParsedDelivery {
  json: boolean
  batch: boolean
  items: ParsedItem[]
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null

export function parseDelivery(
  body: Buffer,
  headers: Record<string, string | string[] | undefined>,
): ParsedDelivery {
  const headerEvent = headerValue(headers['x-webhook-event'])
  const text = decodeUtf8(body)
  let parsed: unknown
  let json = false
  if (text !== null && text.trim() !== '') {
    try {
      parsed = JSON.parse(text)
      json = true
    } catch {
      json = false
    }
  }
  if (!json) {
    return {
      json: false,
      batch: false,
      items: [
        { eventType: headerEvent, phoneNumberId: null, customerId: null, json: null, size: body.length },
      ],
    }
  }
  const batchHeader = headerValue(headers['x-webhook-batch'])?.toLowerCase() === 'true'
  if (isObject(parsed) && (batchHeader || parsed.batch === true) && Array.isArray(parsed.data)) {
    const type = headerEvent ?? str(parsed.type) ?? str(parsed.event)
    const items = parsed.data.map((item) => describeItem(item, type))
    return { json: true, batch: true, items }
  }
  const item = describeItem(parsed, headerEvent, text ?? undefined, body.length)
  return { json: true, batch: false, items: [item] }
}

function describeItem(value: unknown, headerEvent: string | null, text?: string, size?: number): ParsedItem {
  const itemJson = text ?? JSON.stringify(value)
  const byteSize = size ?? Buffer.byteLength(itemJson)
  if (!isObject(value)) {
    return { eventType: headerEvent, phoneNumberId: null, customerId: null, json: itemJson, size: byteSize }
  }
  // Older snippets wrap the payload as {event, data}; v2 sends the payload itself.
  const payload = isObject(value.data) && !Array.isArray(value.data) && value.event ? value.data : value
  const message = isObject(payload.message) ? payload.message : null
  const kapso = message && isObject(message.kapso) ? message.kapso : null
  const conversation = isObject(payload.conversation) ? payload.conversation : null
  const customer = isObject(payload.customer) ? payload.customer : null
  // v1 nests the number in `whatsapp_config` and has no top-level `phone_number_id`
  // (https://docs.kapso.ai/docs/platform/webhooks/legacy).
  const config = isObject(payload.whatsapp_config) ? payload.whatsapp_config : null
  return {
    eventType: headerEvent ?? str(value.event) ?? str(value.type),
    phoneNumberId:
      str(payload.phone_number_id) ??
      str(kapso?.phone_number_id) ??
      str(conversation?.phone_number_id) ??
      str(config?.phone_number_id) ??
      null,
    customerId: str(customer?.id) ?? str(payload.customer_id) ?? str(config?.customer_id) ?? null,
    json: itemJson,
    size: byteSize,
  }
}

export function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null
  return value === undefined || value === '' ? null : value
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The body as text when it is valid UTF-8, else null (it is then kept and shown as base64). */
export function decodeUtf8(body: Uint8Array): string | null {
  try {
    return decoder.decode(body)
  } catch {
    return null
  }
}
