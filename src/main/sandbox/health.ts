import type { WhatsappPhoneNumber } from './types'

type Check = { passed: boolean | null; details: Record<string, unknown>; error?: string }

/**
 * A health report in the SPEC's example shape. A RED quality rating stands in
 * for a messaging limitation so the console has a "degraded" number to show.
 */
export function healthReport(number: WhatsappPhoneNumber, now: Date): Record<string, unknown> {
  const limited = number.quality_rating === 'RED'
  const canSend = limited ? 'LIMITED' : 'AVAILABLE'
  const checks: Record<string, Check & Record<string, unknown>> = {
    phone_number_access: {
      passed: true,
      details: {
        verified_name: number.verified_name,
        display_phone_number: number.display_phone_number,
        quality_rating: number.quality_rating,
        status: number.status,
        throughput_tier: number.throughput_tier,
        id: number.phone_number_id,
      },
    },
    phone_number_connection: { passed: number.status === 'CONNECTED', details: { status: number.status } },
    messaging_health: {
      passed: !limited,
      overall_status: canSend,
      details: {
        can_send_message: canSend,
        entities: [
          {
            entity_type: 'PHONE_NUMBER',
            id: number.phone_number_id,
            can_send_message: canSend,
            ...(limited
              ? { additional_info: ['Quality rating is low. Business-initiated conversations are limited.'] }
              : {}),
          },
          { entity_type: 'WABA', id: number.business_account_id, can_send_message: 'AVAILABLE' },
        ],
      },
    },
    webhook_subscription: {
      passed: true,
      details: { app_id: '100000000000001', subscribed: true, subscribed_fields: ['messages'] },
    },
    webhook_verified: {
      passed: number.webhook_verified_at !== null,
      details: {
        verified_at: number.webhook_verified_at,
        message: number.webhook_verified_at ? 'Webhook verified' : 'Webhook not yet verified by Meta',
      },
    },
  }
  return { status: limited ? 'degraded' : 'healthy', timestamp: now.toISOString(), error: null, checks }
}
