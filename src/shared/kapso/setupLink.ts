import { z } from 'zod'
import { httpUrl, maybe, openEnum, timestamp } from './fields'
import { PageQuerySchema } from './pagination'

/** Reference 2.2. There is no GET-by-id and no DELETE: revoking is a PATCH of `status`. */
export const setupLinkStatuses = ['active', 'used', 'expired', 'revoked'] as const
export const connectionTypes = ['coexistence', 'dedicated'] as const
export const setupLinkLanguages = ['en', 'es', 'pt', 'hi', 'id', 'ar'] as const
export const metaBillingModes = ['customer_managed', 'partner_managed'] as const

const hexColor = z.string().regex(/^#[0-9A-Fa-f]{6}$/)
const themeKeys = [
  'primary_color',
  'primary_foreground_color',
  'background_color',
  'text_color',
  'muted_text_color',
  'card_color',
  'muted_color',
  'border_color',
  'secondary_color',
  'secondary_foreground_color',
  'destructive_color',
  'destructive_foreground_color',
] as const
export const ThemeConfigSchema = z.partialRecord(z.enum(themeKeys), hexColor)
export type ThemeConfig = z.infer<typeof ThemeConfigSchema>

/** The list-setup-links reference page shows it without `country_iso`/`country_dial_code`: all optional. */
export const PhoneNumberReferenceSchema = z.looseObject({
  id: maybe(z.string()),
  phone_number: maybe(z.string()),
  status: maybe(z.string()),
  area_code: maybe(z.string()),
  country_iso: maybe(z.string()),
  country_dial_code: maybe(z.string()),
  display_number: maybe(z.string()),
})
export type PhoneNumberReference = z.infer<typeof PhoneNumberReferenceSchema>

/**
 * Required: `id`, and `url` (a link the console cannot show or share is no link).
 * Several doc pages show links without `meta_billing_mode` (and older ones without
 * `language`, setup status or theme), so the rest is optional (see fields.ts).
 */
export const SetupLinkSchema = z.looseObject({
  id: z.string(),
  status: maybe(openEnum(setupLinkStatuses)),
  created_at: maybe(timestamp),
  expires_at: maybe(timestamp),
  url: z.string(),
  success_redirect_url: maybe(z.string()),
  failure_redirect_url: maybe(z.string()),
  allowed_origins: maybe(z.array(z.string())),
  allowed_connection_types: maybe(z.array(z.string())),
  meta_billing_mode: maybe(openEnum(metaBillingModes)),
  // Response side stays loose: a colour the API normalised differently must not hide the link.
  theme_config: maybe(z.record(z.string(), z.unknown())),
  provision_phone_number: maybe(z.boolean()),
  phone_number_area_code: maybe(z.string()),
  phone_number_country_isos: maybe(z.array(z.string())),
  reconnect_phone_number: maybe(z.string()),
  language: maybe(z.string()),
  whatsapp_setup_status: maybe(openEnum(['pending', 'processing', 'completed', 'failed'] as const)),
  whatsapp_setup_error: maybe(z.string()),
  provisioned_phone_number: maybe(PhoneNumberReferenceSchema),
})
export type SetupLink = z.infer<typeof SetupLinkSchema>

/** The create response adds `token`, which the API never returns again. */
export const SetupLinkCreatedSchema = SetupLinkSchema.extend({ token: maybe(z.string()) })
export type SetupLinkCreated = z.infer<typeof SetupLinkCreatedSchema>

const commonOptions = {
  success_redirect_url: httpUrl.nullable().optional(),
  failure_redirect_url: httpUrl.nullable().optional(),
  allowed_connection_types: z.array(z.enum(connectionTypes)).optional(),
  provision_phone_number: z.boolean().optional(),
  phone_number_area_code: z.string().nullable().optional(),
  phone_number_country_isos: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  language: z.enum(setupLinkLanguages).nullable().optional(),
  theme_config: ThemeConfigSchema.nullable().optional(),
  allowed_origins: z.array(httpUrl).optional(),
}

/** Every documented create option; `{}` is a valid create (sent inside `setup_link`). */
export const SetupLinkCreateInputSchema = z.object({
  ...commonOptions,
  reconnect_phone_number: z.string().nullable().optional(),
  /** Cannot be changed after creation. */
  meta_billing_mode: z.enum(metaBillingModes).optional(),
})
export type SetupLinkCreateInput = z.infer<typeof SetupLinkCreateInputSchema>

/** PATCH options; `status: 'used'` is rejected by the API, so it is not offered. */
export const SetupLinkUpdateInputSchema = z.object({
  ...commonOptions,
  expires_at: z.string().nullable().optional(),
  status: z.enum(['active', 'expired', 'revoked']).optional(),
})
export type SetupLinkUpdateInput = z.infer<typeof SetupLinkUpdateInputSchema>

export const SetupLinkListFiltersSchema = z.object({
  status: z.enum(setupLinkStatuses).optional(),
  created_after: z.string().optional(),
  created_before: z.string().optional(),
})
export type SetupLinkListFilters = z.infer<typeof SetupLinkListFiltersSchema>
export const SetupLinkPageQuerySchema = SetupLinkListFiltersSchema.extend(PageQuerySchema.shape)
export type SetupLinkPageQuery = z.infer<typeof SetupLinkPageQuerySchema>
