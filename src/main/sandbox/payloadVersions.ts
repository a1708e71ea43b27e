/**
 * The v1 (legacy) payload shape, made from the v2 payload the sandbox builds.
 * https://docs.kapso.ai/docs/platform/webhooks/legacy: v1 nests a `whatsapp_config`
 * object in every payload, uses `whatsapp_config_id` (`conversation.whatsapp_config_id`),
 * names the lifecycle event `whatsapp.config.created`, and has flat message fields
 * (`message_type`, `content`, `origin` at message level).
 */

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** v2 lifecycle event → its v1 name (legacy page, "v1 vs v2 differences"). */
export const V1_EVENT_NAMES: Readonly<Record<string, string>> = {
  'whatsapp.phone_number.created': 'whatsapp.config.created',
  'whatsapp.phone_number.deleted': 'whatsapp.config.deleted',
}

/** The v2 name of an event given by either name. */
export function v2EventName(event: string): string {
  for (const [v2, v1] of Object.entries(V1_EVENT_NAMES)) if (v1 === event) return v2
  return event
}

export const v1EventName = (event: string): string => V1_EVENT_NAMES[event] ?? event

export interface WhatsappConfigRef {
  /** Kapso's config id (`internal_id` in v2 REST answers). */
  id: string | null
  phone_number_id: string
  display_phone_number: string | null
  business_account_id: string | null
  customer_id: string | null
}

/** Rewrites one v2 payload as v1: `whatsapp_config` nested, no top-level `phone_number_id`. */
export function toV1Payload(payload: unknown, config: WhatsappConfigRef | null): unknown {
  if (!isObject(payload)) return payload
  const { phone_number_id: _topLevel, ...rest } = payload
  const out: Json = { ...rest }
  if (config) out.whatsapp_config = { ...config }
  if (isObject(payload.conversation)) {
    const { phone_number_id: _conv, ...conversation } = payload.conversation
    out.conversation = { ...conversation, whatsapp_config_id: config?.id ?? null }
  }
  if (isObject(payload.message)) {
    const { kapso, ...message } = payload.message
    const k = isObject(kapso) ? kapso : {}
    const text = isObject(message.text) ? message.text.body : undefined
    out.message = {
      ...message,
      message_type: message.type ?? null,
      content: typeof k.content === 'string' ? k.content : typeof text === 'string' ? text : null,
      origin: k.origin ?? null,
      direction: k.direction ?? null,
      status: k.status ?? null,
    }
  }
  return out
}
