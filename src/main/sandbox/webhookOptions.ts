import { isNumberEvent, isProjectEvent } from './events'
import { ApiError, unprocessable } from './http'
import type { WhatsappWebhook } from './types'
import {
  has,
  isHttpUrl,
  optionalBoolean,
  optionalIntInRange,
  optionalString,
  optionalStringArray,
} from './validation'

export type WebhookPatch = Partial<
  Pick<
    WhatsappWebhook,
    | 'url'
    | 'kind'
    | 'events'
    | 'active'
    | 'secret_key'
    | 'headers'
    | 'buffer_enabled'
    | 'buffer_window_seconds'
    | 'max_buffer_size'
    | 'buffer_events'
    | 'inactivity_minutes'
    | 'payload_version'
  >
>

/** Reads the `whatsapp_webhook` fields shared by every create/update (reference 2.4, "Request fields"). */
export function readWebhookFields(attrs: Record<string, unknown>): WebhookPatch {
  const patch: WebhookPatch = {}
  const url = optionalString(attrs, 'url')
  if (url !== undefined) {
    if (url === null || !isHttpUrl(url)) throw unprocessable('Url must be a valid URL')
    patch.url = url
  }
  if (has(attrs, 'kind')) {
    if (attrs.kind !== 'kapso' && attrs.kind !== 'meta') throw unprocessable('Kind must be kapso or meta')
    patch.kind = attrs.kind
  }
  const events = optionalStringArray(attrs, 'events')
  if (events !== undefined) patch.events = [...new Set(events)]
  const active = optionalBoolean(attrs, 'active')
  if (active !== undefined) patch.active = active
  const secret = optionalString(attrs, 'secret_key')
  if (secret !== undefined) patch.secret_key = secret
  if (has(attrs, 'headers')) patch.headers = readHeaders(attrs.headers)
  const buffer = optionalBoolean(attrs, 'buffer_enabled')
  if (buffer !== undefined) patch.buffer_enabled = buffer
  // Ranges: https://docs.kapso.ai/docs/platform/webhooks/advanced ("Buffer window: 1-60 seconds,
  // default: 5"; "Maximum batch size: 1-100, default: 50").
  const windowSeconds = optionalIntInRange(attrs, 'buffer_window_seconds', 1, 60)
  if (windowSeconds !== undefined) patch.buffer_window_seconds = windowSeconds
  const maxSize = optionalIntInRange(attrs, 'max_buffer_size', 1, 100)
  if (maxSize !== undefined) patch.max_buffer_size = maxSize
  // Buffering is for whatsapp.message.received (https://docs.kapso.ai/docs/platform/webhooks/advanced).
  const bufferEvents = optionalStringArray(attrs, 'buffer_events')
  if (bufferEvents !== undefined) {
    const bad = bufferEvents.filter((e) => e !== 'whatsapp.message.received')
    if (bad.length > 0)
      throw unprocessable(`Buffer events contains events that cannot be buffered: ${bad.join(', ')}`)
    patch.buffer_events = bufferEvents
  }
  // The docs give no range ("Minutes before inactivity event", openapi-platform.yaml): any integer.
  const inactivity = optionalIntInRange(
    attrs,
    'inactivity_minutes',
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  )
  if (inactivity !== undefined) patch.inactivity_minutes = inactivity
  const version = optionalString(attrs, 'payload_version')
  if (version !== undefined) {
    if (version !== null && version !== 'v1' && version !== 'v2')
      throw unprocessable('Payload version must be v1 or v2')
    patch.payload_version = version
  }
  return patch
}

/**
 * `headers` is an object of custom request headers (openapi-platform.yaml). Names and
 * values that could not be sent as HTTP headers at all are refused: node would throw
 * at delivery time; this says so at create time instead.
 */
function readHeaders(value: unknown): Record<string, string> | null {
  if (value === null) return null
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw unprocessable('Headers must be an object')
  const out: Record<string, string> = {}
  for (const [name, v] of Object.entries(value)) {
    if (!/^[A-Za-z0-9-]+$/.test(name) || typeof v !== 'string' || /[\r\n]/.test(v)) {
      throw unprocessable(`Headers contains an invalid header: ${name}`)
    }
    out[name] = v
  }
  return out
}

/**
 * Checks the finished webhook against the documented rules
 * (https://docs.kapso.ai/api/platform/v1/webhooks/create-project-webhook): project scope
 * takes project events, number scope message/conversation events ("Project webhooks do not
 * receive message or conversation events"); meta webhooks require `phone_number_id` and
 * their events are "normalized to an empty list"; a kapso webhook "needs at least one
 * event" (WhatsappWebhookRequest). `project.event` "requires project events to be
 * available on your plan" (402 in the OpenAPI responses); the sandbox has no such plan.
 */
export function checkWebhook(hook: WhatsappWebhook): void {
  if (hook.kind === 'meta') {
    if (hook.phone_number_id === null) throw unprocessable('Meta webhooks require a phone_number_id')
    hook.events = []
    hook.buffer_enabled = false
    return
  }
  if (hook.events.length === 0) throw unprocessable("Events can't be blank")
  const numberScoped = hook.phone_number_id !== null
  const bad = hook.events.filter((e) => (numberScoped ? !isNumberEvent(e) : !isProjectEvent(e)))
  if (bad.length > 0) {
    const scope = numberScoped ? 'phone-number webhooks' : 'project webhooks'
    throw unprocessable(`Events contains events not available for ${scope}: ${bad.join(', ')}`)
  }
  if (hook.events.includes('project.event')) {
    throw new ApiError(402, 'Subscribing to project.event requires a paid plan')
  }
}
