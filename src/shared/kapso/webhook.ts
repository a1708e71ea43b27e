import { z } from 'zod'
import { httpUrl, maybe, openEnum, timestamp } from './fields'
import { PageQuerySchema } from './pagination'

/**
 * Reference 2.4. Live responses carried null in fields the docs mark required
 * (PYSDK), so everything but `id` is nullable here. `secret_key` is returned:
 * the UI must mask it.
 */
export const webhookKinds = ['kapso', 'meta'] as const

export const WhatsappWebhookSchema = z.looseObject({
  id: z.string(),
  url: maybe(z.string()),
  kind: maybe(openEnum(webhookKinds)),
  events: maybe(z.array(z.string())),
  active: maybe(z.boolean()),
  created_at: maybe(timestamp),
  updated_at: maybe(timestamp),
  project_id: maybe(z.string()),
  /** Null means project-scoped. */
  phone_number_id: maybe(z.string()),
  secret_key: maybe(z.string()),
  headers: maybe(z.record(z.string(), z.unknown())),
  buffer_enabled: maybe(z.boolean()),
  buffer_window_seconds: maybe(z.number().int()),
  max_buffer_size: maybe(z.number().int()),
  buffer_events: maybe(z.array(z.string())),
  inactivity_minutes: maybe(z.number().int()),
  payload_version: maybe(z.string()),
})
export type WhatsappWebhook = z.infer<typeof WhatsappWebhookSchema>

const settings = {
  active: z.boolean().optional(),
  events: z.array(z.string()).optional(),
  headers: z.record(z.string(), z.string()).nullable().optional(),
  buffer_enabled: z.boolean().optional(),
  buffer_window_seconds: z.number().int().min(1).max(60).nullable().optional(),
  max_buffer_size: z.number().int().min(1).max(100).nullable().optional(),
  buffer_events: z.array(z.string()).optional(),
  inactivity_minutes: z.number().int().min(1).max(1440).nullable().optional(),
  payload_version: z.enum(['v1', 'v2']).nullable().optional(),
}

/** `POST /whatsapp/webhooks`: omit `phone_number_id` for a project-scoped webhook. */
export const ProjectWebhookCreateInputSchema = z.object({
  url: httpUrl,
  phone_number_id: z.string().optional(),
  kind: z.enum(webhookKinds).optional(),
  secret_key: z.string().nullable().optional(),
  ...settings,
})
export type ProjectWebhookCreateInput = z.infer<typeof ProjectWebhookCreateInputSchema>

/** `POST /whatsapp/phone_numbers/{id}/webhooks`: the secret is required and never generated. */
export const PhoneNumberWebhookCreateInputSchema = z.object({
  url: httpUrl,
  kind: z.enum(webhookKinds).optional(),
  secret_key: z.string().min(1),
  ...settings,
})
export type PhoneNumberWebhookCreateInput = z.infer<typeof PhoneNumberWebhookCreateInputSchema>

/** `kind` is immutable after creation, so it is not offered. */
export const WebhookUpdateInputSchema = z.object({
  url: httpUrl.optional(),
  secret_key: z.string().nullable().optional(),
  ...settings,
})
export type WebhookUpdateInput = z.infer<typeof WebhookUpdateInputSchema>

export const ProjectWebhookListFiltersSchema = z.object({ kind: z.enum(webhookKinds).optional() })
export type ProjectWebhookListFilters = z.infer<typeof ProjectWebhookListFiltersSchema>

export const PhoneNumberWebhookListFiltersSchema = z.object({
  url_contains: z.string().optional(),
  kind: z.enum(webhookKinds).optional(),
  active: z.boolean().optional(),
  created_after: z.string().optional(),
  created_before: z.string().optional(),
})
export type PhoneNumberWebhookListFilters = z.infer<typeof PhoneNumberWebhookListFiltersSchema>

export const ProjectWebhookPageQuerySchema = ProjectWebhookListFiltersSchema.extend(PageQuerySchema.shape)
export type ProjectWebhookPageQuery = z.infer<typeof ProjectWebhookPageQuerySchema>
export const PhoneNumberWebhookPageQuerySchema = PhoneNumberWebhookListFiltersSchema.extend(
  PageQuerySchema.shape,
)
export type PhoneNumberWebhookPageQuery = z.infer<typeof PhoneNumberWebhookPageQuerySchema>

/** Test delivery: `event_type` goes in the JSON body (SPEC); omitted = the webhook's default event. */
export const WebhookTestInputSchema = z.object({ event_type: z.string().optional() })
export type WebhookTestInput = z.infer<typeof WebhookTestInputSchema>
