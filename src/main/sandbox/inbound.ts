import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { requireApiKey } from './auth'
import type { SandboxContext } from './context'
import { wamid } from './events'
import { ApiError, type ApiResponse, json, parseJsonBody } from './http'

/**
 * A sandbox control, not part of Kapso's API (like the setup page stand-in): a
 * WhatsApp user texts one of the project's numbers. Each text becomes a
 * `whatsapp.message.received` in one conversation, delivered as Kapso would, so
 * a webhook with buffering on gets them batched. Needs the sandbox's API key.
 *
 * POST /sandbox/inbound-messages {"phone_number_id": "...", "from": "15551234567", "texts": ["Hi", ...]}
 */
export async function handleInboundMessages(
  ctx: SandboxContext,
  req: IncomingMessage,
  raw: Buffer,
  apiKey: string,
): Promise<ApiResponse> {
  try {
    requireApiKey(req, apiKey)
    const body = parseJsonBody(raw)
    const number =
      typeof body.phone_number_id === 'string' ? ctx.store.phoneNumbers.get(body.phone_number_id) : undefined
    if (!number) throw new ApiError(404, 'Phone number not found')
    const texts = Array.isArray(body.texts)
      ? body.texts.filter((t): t is string => typeof t === 'string')
      : []
    if (texts.length === 0 || texts.length > 100) throw new ApiError(422, 'Texts must hold 1 to 100 strings')
    const from = typeof body.from === 'string' && /^\d{8,15}$/.test(body.from) ? body.from : '15550100000'
    const at = ctx.now()
    const conversation = {
      id: randomUUID(),
      phone_number: `+${from}`,
      status: 'active',
      last_active_at: at.toISOString(),
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      metadata: {},
      phone_number_id: number.phone_number_id,
    }
    for (const [i, text] of texts.entries()) {
      void ctx.deliveries.deliver(
        'whatsapp.message.received',
        {
          message: {
            id: wamid(),
            timestamp: String(Math.floor(at.getTime() / 1000)),
            type: 'text',
            text: { body: text },
            from,
            kapso: {
              direction: 'inbound',
              status: 'received',
              processing_status: 'pending',
              origin: 'cloud_api',
              has_media: false,
              content: text,
            },
          },
          conversation,
          is_new_conversation: i === 0,
          phone_number_id: number.phone_number_id,
        },
        { conversationPhoneNumber: conversation.phone_number },
      )
    }
    return json(202, { data: { conversation_id: conversation.id, messages: texts.length } })
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error.body }
    throw error
  }
}
