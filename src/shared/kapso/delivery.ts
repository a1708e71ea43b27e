import { z } from 'zod'
import { maybe, openEnum, timestamp } from './fields'
import { CursorQuerySchema, PeriodSchema } from './pagination'

/** Reference 2.5: one delivery attempt record. Response bodies of failures are not in it. */
export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const

/** Only `id` is required; a record without `status` shows "—" (tolerant reader, see fields.ts). */
export const WebhookDeliverySchema = z.looseObject({
  id: z.string(),
  event: maybe(z.string()),
  status: maybe(openEnum(deliveryStatuses)),
  response_status: maybe(z.number().int()),
  delivered_at: maybe(timestamp),
  failed_at: maybe(timestamp),
  last_attempt_at: maybe(timestamp),
  attempt_count: maybe(z.number().int()),
  created_at: maybe(timestamp),
  webhook_id: maybe(z.string()),
  webhook_url: maybe(z.string()),
  whatsapp_config_id: maybe(z.string()),
  phone_number_id: maybe(z.string()),
  conversation_phone_number: maybe(z.string()),
})
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>

export const DeliveryListFiltersSchema = z.object({
  status: z.enum(deliveryStatuses).optional(),
  event: z.string().optional(),
  webhook_id: z.string().optional(),
  errors_only: z.boolean().optional(),
  period: PeriodSchema.optional(),
})
export type DeliveryListFilters = z.infer<typeof DeliveryListFiltersSchema>
export const DeliveryPageQuerySchema = DeliveryListFiltersSchema.extend(CursorQuerySchema.shape)
export type DeliveryPageQuery = z.infer<typeof DeliveryPageQuerySchema>
