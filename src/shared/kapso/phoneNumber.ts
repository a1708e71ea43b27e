import { z } from 'zod'
import { maybe, openEnum, timestamp } from './fields'
import { PageQuerySchema } from './pagination'

/**
 * Reference 2.3. `id` and `phone_number_id` are Meta's phone number ID, not a UUID.
 * Only `id` is required (tolerant reader, see fields.ts).
 */
export const WhatsappPhoneNumberSchema = z
  .looseObject({
    id: z.string(),
    internal_id: maybe(z.string()),
    phone_number_id: maybe(z.string()),
    name: maybe(z.string()),
    business_account_id: maybe(z.string()),
    customer_id: maybe(z.string()),
    is_coexistence: maybe(z.boolean()),
    inbound_processing_enabled: maybe(z.boolean()),
    calls_enabled: maybe(z.boolean()),
    webhook_verified_at: maybe(timestamp),
    display_name: maybe(z.string()),
    display_phone_number: maybe(z.string()),
    display_phone_number_normalized: maybe(z.string()),
    verified_name: maybe(z.string()),
    quality_rating: maybe(z.string()),
    code_verification_status: maybe(z.string()),
    name_status: maybe(z.string()),
    status: maybe(z.string()),
    throughput_tier: maybe(z.string()),
    whatsapp_business_manager_messaging_limit: maybe(z.union([z.number(), z.string()])),
    is_official_business_account: maybe(z.boolean()),
    is_pin_enabled: maybe(z.boolean()),
    created_at: maybe(timestamp),
    updated_at: maybe(timestamp),
  })
  // The reference names `id` and `phone_number_id` the same Meta ID; code keys on the latter.
  .transform((n) => ({ ...n, phone_number_id: n.phone_number_id ?? n.id }))
export type WhatsappPhoneNumber = z.infer<typeof WhatsappPhoneNumberSchema>

/** Every filter `GET /whatsapp/phone_numbers` documents. */
export const PhoneNumberListFiltersSchema = z.object({
  phone_number_id: z.string().optional(),
  business_account_id: z.string().optional(),
  customer_id: z.string().optional(),
  messaging_enabled: z.boolean().optional(),
  name_contains: z.string().optional(),
  created_after: z.string().optional(),
  created_before: z.string().optional(),
})
export type PhoneNumberListFilters = z.infer<typeof PhoneNumberListFiltersSchema>
export const PhoneNumberPageQuerySchema = PhoneNumberListFiltersSchema.extend(PageQuerySchema.shape)
export type PhoneNumberPageQuery = z.infer<typeof PhoneNumberPageQuerySchema>

export const healthStatuses = ['healthy', 'degraded', 'unhealthy', 'error'] as const

export const HealthCheckSchema = z.looseObject({
  /** Null when the check could not tell (e.g. connection status UNKNOWN). */
  passed: maybe(z.boolean()),
  details: maybe(z.record(z.string(), z.unknown())),
  error: maybe(z.string()),
})
export type HealthCheck = z.infer<typeof HealthCheckSchema>

/** `GET .../health` answers this at the top level, with no `data` wrapper. */
export const PhoneNumberHealthSchema = z.looseObject({
  status: maybe(openEnum(healthStatuses)),
  /** When the check actually ran: Kapso caches results for 3 minutes per number. */
  timestamp: maybe(timestamp),
  /** Only during access-error backoff: asking again before this returns the same payload. */
  retry_after: maybe(timestamp),
  error: maybe(z.string()),
  checks: maybe(z.record(z.string(), HealthCheckSchema)),
})
export type PhoneNumberHealth = z.infer<typeof PhoneNumberHealthSchema>
