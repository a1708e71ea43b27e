import { z } from 'zod'
import { maybe, openEnum, timestamp } from './fields'

/**
 * OpenAPI `WhatsappDisplayNameRequest`: a display-name change sent to Meta for
 * review. Required there: id, requested_display_name, status, submitted_at.
 */
export const DISPLAY_NAME_STATUSES = [
  'submitted',
  'pending_review',
  'approved',
  'available_without_review',
  'deferred',
  'declined',
  'expired',
  'no_review',
  'failed',
  'applied',
  'cancelled',
] as const

export const DisplayNameRequestSchema = z.object({
  id: z.string(),
  phone_number_id: maybe(z.string()),
  requested_display_name: z.string(),
  previous_display_name: maybe(z.string()),
  status: openEnum(DISPLAY_NAME_STATUSES),
  submitted_at: timestamp,
  reviewed_at: maybe(timestamp),
  applied_at: maybe(timestamp),
  meta_error_code: maybe(z.number()),
  meta_error_subcode: maybe(z.number()),
  meta_error_type: maybe(z.string()),
  meta_error_message: maybe(z.string()),
})
export type DisplayNameRequest = z.infer<typeof DisplayNameRequestSchema>

/** OpenAPI `WhatsappPhoneNumberUpdateRequest`: the fields the console changes (a label and two switches). */
export interface PhoneNumberUpdate {
  name?: string
  inbound_processing_enabled?: boolean
  calls_enabled?: boolean
}
