import { randomBytes } from 'node:crypto'

/**
 * Reference 3.5: which events go to which scope. The v1 lifecycle names are
 * catalogued too: https://docs.kapso.ai/api/platform/v1/webhooks/create-project-webhook
 * subscribes a project webhook to `whatsapp.config.created`/`deleted`, and
 * https://docs.kapso.ai/docs/platform/webhooks/legacy names them as v1's lifecycle events.
 */
export const PROJECT_EVENTS = [
  'whatsapp.phone_number.created',
  'whatsapp.phone_number.deleted',
  'whatsapp.config.created',
  'whatsapp.config.deleted',
  'workflow.execution.handoff',
  'workflow.execution.failed',
  'project.event',
] as const

export const NUMBER_EVENTS = [
  'whatsapp.message.received',
  'whatsapp.message.sent',
  'whatsapp.message.delivered',
  'whatsapp.message.read',
  'whatsapp.message.failed',
  'whatsapp.conversation.created',
  'whatsapp.conversation.ended',
  'whatsapp.conversation.inactive',
] as const

export const isProjectEvent = (event: string) => (PROJECT_EVENTS as readonly string[]).includes(event)
export const isNumberEvent = (event: string) => (NUMBER_EVENTS as readonly string[]).includes(event)

export const wamid = () => `wamid.${randomBytes(18).toString('base64url')}`

/** A plausible v2 payload for `POST /whatsapp/webhooks/{id}/test`, shaped as in reference 3.6–3.7. */
export function samplePayload(
  event: string,
  ctx: { projectId: string; phoneNumberId: string | null; now: Date },
): Record<string, unknown> {
  const phoneNumberId = ctx.phoneNumberId ?? '100000000000000'
  const at = ctx.now.toISOString()
  if (event.startsWith('whatsapp.phone_number.') || event.startsWith('whatsapp.config.')) {
    return {
      phone_number_id: phoneNumberId,
      project: { id: ctx.projectId },
      customer: { id: null },
      test: true,
    }
  }
  if (event.startsWith('workflow.execution.')) {
    const failed = event.endsWith('failed')
    return {
      event,
      occurred_at: at,
      project_id: ctx.projectId,
      status: failed ? 'failed' : 'handoff',
      channel: 'whatsapp',
      ...(failed
        ? { error: { message: 'Test event' } }
        : { handoff: { reason: 'Test event', source: 'agent_tool' } }),
    }
  }
  if (event === 'project.event') return { id: null, name: 'test', occurred_at: at, properties: {} }
  const conversation = {
    id: '00000000-0000-4000-8000-000000000000',
    phone_number: '+15550100000',
    status: event === 'whatsapp.conversation.ended' ? 'ended' : 'active',
    last_active_at: at,
    created_at: at,
    updated_at: at,
    metadata: {},
    phone_number_id: phoneNumberId,
  }
  if (event.startsWith('whatsapp.conversation.')) return { conversation, phone_number_id: phoneNumberId }
  const inbound = event === 'whatsapp.message.received'
  const status = inbound ? 'received' : event.slice('whatsapp.message.'.length)
  return {
    message: {
      id: wamid(),
      timestamp: String(Math.floor(ctx.now.getTime() / 1000)),
      type: 'text',
      text: { body: 'This is a test event from the Kapso sandbox' },
      ...(inbound ? { from: '15550100000' } : { to: '15550100000' }),
      kapso: {
        direction: inbound ? 'inbound' : 'outbound',
        status,
        processing_status: inbound ? 'pending' : 'completed',
        origin: 'cloud_api',
        has_media: false,
        content: 'This is a test event from the Kapso sandbox',
      },
    },
    conversation,
    is_new_conversation: false,
    phone_number_id: phoneNumberId,
  }
}
