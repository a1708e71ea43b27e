import { z } from 'zod'
import {
  connectionTypes,
  metaBillingModes,
  type SetupLinkCreateInput,
  setupLinkLanguages,
} from '../kapso/setupLink'
import { text } from '../text'

/**
 * The options of a new setup link as the form edits them and a preset stores
 * them: every create option of reference 2.2, in the API's own field names,
 * with "none" spelled as an empty string so a form can bind to it. The same
 * schema validates the form (renderer) and the call (main), so a value the
 * form refuses is refused by main too, with the same words.
 */

export const themeKeys = [
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
export type ThemeKey = (typeof themeKeys)[number]

/** The hosted page's defaults (reference 2.2); `card_color` follows the background. */
export const themeDefaults: Record<ThemeKey, string> = {
  primary_color: '#22c55e',
  primary_foreground_color: '#ffffff',
  background_color: '#ffffff',
  text_color: '#0f172a',
  muted_text_color: '#64748b',
  card_color: '#ffffff',
  muted_color: '#f1f5f9',
  border_color: '#e2e8f0',
  secondary_color: '#f1f5f9',
  secondary_foreground_color: '#0f172a',
  destructive_color: '#ef4444',
  destructive_foreground_color: '#fef2f2',
}

export const languageChoices = ['auto', ...setupLinkLanguages] as const
export type LanguageChoice = (typeof languageChoices)[number]
export const languageNames: Record<LanguageChoice, string> = {
  auto: 'Auto (the customer’s browser language)',
  en: 'English',
  es: 'Español (Spanish)',
  pt: 'Português (Portuguese)',
  hi: 'हिन्दी (Hindi)',
  id: 'Bahasa Indonesia',
  ar: 'العربية (Arabic)',
}

export const HEX_COLOUR = /^#[0-9A-Fa-f]{6}$/
export const ISO_COUNTRY = /^[A-Z]{2}$/

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0
  } catch {
    return false
  }
}

function isHttpsOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.origin === value.replace(/\/$/, '')
  } catch {
    return false
  }
}

const redirectUrl = text({ max: 2000, trim: true, tooLong: 'Keep the address under 2,000 characters.' })
  .refine((v) => v === '' || isHttpUrl(v), {
    message: 'Enter a full web address starting with https:// (or leave it empty).',
  })
  .default('')

const hexColour = z
  .string()
  .regex(HEX_COLOUR, 'Use a hex colour like #22C55E: “#” and six digits 0–9 or A–F.')

/** E.164 digits with an optional "+", spaces, dashes and brackets allowed while typing. */
export function phoneDigits(value: string): string | null {
  const trimmed = value.trim()
  if (!/^\+?[\d\s\-().]{6,24}$/.test(trimmed)) return null
  const digits = trimmed.replace(/\D/g, '')
  return digits.length >= 6 && digits.length <= 15 ? digits : null
}

const baseOptions = z
  .object({
    success_redirect_url: redirectUrl,
    failure_redirect_url: redirectUrl,
    allowed_connection_types: z
      .array(z.enum(connectionTypes, 'Connection types are “coexistence” and “dedicated”.'))
      .min(1, 'Allow at least one connection type.')
      .default(['coexistence', 'dedicated']),
    provision_phone_number: z.boolean().default(false),
    phone_number_country_isos: z
      .array(
        z.string().regex(ISO_COUNTRY, 'Country codes are two capital letters (ISO 3166), like US or BR.'),
      )
      .max(50)
      .default(['US']),
    // The docs say only "US only" for the area code (openapi-platform.yaml SetupLinkCreateRequest):
    // no format is checked here, Kapso's answer says if it is wrong.
    phone_number_area_code: text({ max: 10, trim: true }).default(''),
    language: z.enum(languageChoices, `Supported languages: ${languageChoices.join(', ')}.`).default('auto'),
    theme_config: z
      .partialRecord(z.enum(themeKeys, 'Not a theme colour of the setup page.'), hexColour)
      .default({}),
    /** '' = a new connection; else one of the customer's numbers to reconnect. */
    reconnect_phone_number: text({ max: 32, trim: true }).default(''),
    meta_billing_mode: z
      .enum(metaBillingModes, 'Billing is customer_managed or partner_managed.')
      .default('customer_managed'),
    allowed_origins: z
      .array(
        text({ max: 300, trim: true }).refine(
          isHttpsOrigin,
          'Origins are https:// plus a host, with no path (https://app.example.com).',
        ),
      )
      .max(20)
      .default([]),
  })
  .strict()

/**
 * The documented rules that need no customer data: reconnect ("provision_phone_number is
 * forced to false", connection type locked to the number's own,
 * https://docs.kapso.ai/docs/platform/setup-links/manage) and the area code being "US only"
 * (openapi-platform.yaml). No rule the docs do not state: an empty country list is left to Kapso.
 */
export const SetupLinkOptionsSchema = baseOptions.superRefine((o, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (o.reconnect_phone_number) {
    if (phoneDigits(o.reconnect_phone_number) === null)
      issue('reconnect_phone_number', 'Pick one of the customer’s numbers (digits, optionally with +).')
    if (o.provision_phone_number)
      issue(
        'provision_phone_number',
        'Reconnecting keeps the existing number, so no new number can be provisioned.',
      )
    if (o.allowed_connection_types.length !== 1)
      issue(
        'allowed_connection_types',
        'To reconnect, allow exactly the connection type the number already uses.',
      )
  }
  if (o.phone_number_area_code) {
    if (!o.provision_phone_number)
      issue('phone_number_area_code', 'An area code only applies when Kapso provisions a new number.')
    else if (!o.phone_number_country_isos.includes('US'))
      issue('phone_number_area_code', 'Area codes exist only for US numbers: add US to the countries.')
  }
})

export type SetupLinkOptions = z.output<typeof SetupLinkOptionsSchema>
export type SetupLinkOptionsInput = z.input<typeof SetupLinkOptionsSchema>

export const defaultSetupLinkOptions = (): SetupLinkOptions => baseOptions.parse({})

/** One of the customer's numbers as the reconnect picker and the check below see it. */
export interface ReconnectCandidate {
  phoneNumberId: string
  display: string
  /** E.164 digits. */
  digits: string
  /** null when not known (offline, from an older cache). */
  connectionType: (typeof connectionTypes)[number] | null
}

/**
 * Reconnect must name one of this customer's numbers, and the allowed
 * connection types must be exactly that number's type (reference 2.2).
 */
export function reconnectProblems(
  options: Pick<SetupLinkOptions, 'reconnect_phone_number' | 'allowed_connection_types'>,
  numbers: readonly ReconnectCandidate[],
): Record<string, string[]> {
  if (!options.reconnect_phone_number) return {}
  const digits = phoneDigits(options.reconnect_phone_number)
  const match = digits === null ? undefined : numbers.find((n) => n.digits === digits)
  if (!match)
    return {
      reconnect_phone_number: [
        numbers.length
          ? `This customer has no number ${options.reconnect_phone_number}: pick one of its numbers.`
          : 'This customer has no WhatsApp number to reconnect.',
      ],
    }
  const types = options.allowed_connection_types
  if (match.connectionType && (types.length !== 1 || types[0] !== match.connectionType))
    return {
      allowed_connection_types: [
        `${match.display} is a ${match.connectionType} number: allow only ${match.connectionType} to reconnect it.`,
      ],
    }
  return {}
}

/** The request body for POST …/setup_links: empty strings become absent, `auto` becomes absent. */
export function toCreateInput(o: SetupLinkOptions): SetupLinkCreateInput {
  const input: SetupLinkCreateInput = {
    allowed_connection_types: [...new Set(o.allowed_connection_types)],
    meta_billing_mode: o.meta_billing_mode,
  }
  if (o.success_redirect_url) input.success_redirect_url = o.success_redirect_url
  if (o.failure_redirect_url) input.failure_redirect_url = o.failure_redirect_url
  if (o.language !== 'auto') input.language = o.language
  if (Object.keys(o.theme_config).length) input.theme_config = o.theme_config
  if (o.allowed_origins.length) input.allowed_origins = o.allowed_origins
  if (o.reconnect_phone_number) {
    input.reconnect_phone_number = `+${phoneDigits(o.reconnect_phone_number)}`
    input.provision_phone_number = false
  } else {
    input.provision_phone_number = o.provision_phone_number
    if (o.provision_phone_number) {
      input.phone_number_country_isos = o.phone_number_country_isos
      if (o.phone_number_area_code) input.phone_number_area_code = o.phone_number_area_code
    }
  }
  return input
}

/** Field messages from a zod error, keyed like the form's fields ("theme_config.primary_color"). */
export function optionProblems(options: unknown): Record<string, string[]> {
  const parsed = SetupLinkOptionsSchema.safeParse(options)
  if (parsed.success) return {}
  const fields: Record<string, string[]> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '(input)'
    fields[key] = [...(fields[key] ?? []), issue.message]
  }
  return fields
}
