import { unprocessable } from './http'
import type { ConnectionType, SetupLink } from './types'
import {
  has,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  optionalUrl,
  parseDateTime,
} from './validation'

/**
 * Validation of the `setup_link` create/update options (reference 2.2). Each
 * returns only the fields present, so create applies defaults and update patches.
 */

export const LANGUAGES = ['en', 'es', 'pt', 'hi', 'id', 'ar'] as const
export const CONNECTION_TYPES: readonly ConnectionType[] = ['coexistence', 'dedicated']
export const THEME_KEYS = [
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

const HEX_COLOUR = /^#[0-9A-Fa-f]{6}$/
const ISO_COUNTRY = /^[A-Z]{2}$/

export type SetupLinkPatch = Partial<
  Pick<
    SetupLink,
    | 'success_redirect_url'
    | 'failure_redirect_url'
    | 'allowed_origins'
    | 'allowed_connection_types'
    | 'provision_phone_number'
    | 'phone_number_area_code'
    | 'phone_number_country_isos'
    | 'language'
    | 'theme_config'
    | 'meta_billing_mode'
    | 'reconnect_phone_number'
    | 'expires_at'
    | 'status'
  >
>

/** Options valid on both create and update. */
export function readCommonOptions(attrs: Record<string, unknown>): SetupLinkPatch {
  const patch: SetupLinkPatch = {}
  const success = optionalUrl(attrs, 'success_redirect_url')
  if (success !== undefined) patch.success_redirect_url = success
  const failure = optionalUrl(attrs, 'failure_redirect_url')
  if (failure !== undefined) patch.failure_redirect_url = failure

  // "HTTPS browser origins allowed to use the setup token" (openapi-platform.yaml SetupLinkCreateRequest,
  // the reference behind https://docs.kapso.ai/api/platform/v1/setup-links/update-setup-link).
  const origins = optionalStringArray(attrs, 'allowed_origins')
  if (origins !== undefined) {
    const bad = origins.filter((o) => !isHttpsOrigin(o))
    if (bad.length > 0) throw unprocessable(`Allowed origins must be HTTPS origins: ${bad.join(', ')}`)
    patch.allowed_origins = origins
  }

  const types = optionalStringArray(attrs, 'allowed_connection_types')
  if (types !== undefined) {
    const bad = types.filter((t) => !CONNECTION_TYPES.includes(t as ConnectionType))
    if (bad.length > 0)
      throw unprocessable(`Allowed connection types contains invalid types: ${bad.join(', ')}`)
    if (types.length === 0) throw unprocessable("Allowed connection types can't be blank")
    patch.allowed_connection_types = [...new Set(types as ConnectionType[])]
  }

  const provision = optionalBoolean(attrs, 'provision_phone_number')
  if (provision !== undefined) patch.provision_phone_number = provision

  // The docs say only "US only" (openapi-platform.yaml); no format, so none is enforced here.
  const areaCode = optionalString(attrs, 'phone_number_area_code')
  if (areaCode !== undefined) patch.phone_number_area_code = areaCode || null

  // Items `pattern: ^[A-Z]{2}$` (openapi-platform.yaml SetupLinkCreateRequest).
  const isos = optionalStringArray(attrs, 'phone_number_country_isos')
  if (isos !== undefined) {
    const bad = isos.filter((c) => !ISO_COUNTRY.test(c))
    if (bad.length > 0)
      throw unprocessable(`Phone number country isos contains invalid codes: ${bad.join(', ')}`)
    patch.phone_number_country_isos = isos
  }

  // `enum: [en, es, pt, hi, id, ar, null]` (openapi-platform.yaml SetupLinkCreateRequest).
  if (has(attrs, 'language')) {
    const language = attrs.language
    if (language !== null && !LANGUAGES.includes(language as (typeof LANGUAGES)[number])) {
      throw unprocessable(`Language is not included in the list (${LANGUAGES.join(', ')})`)
    }
    patch.language = language as string | null
  }

  if (has(attrs, 'theme_config')) patch.theme_config = readTheme(attrs.theme_config)
  return patch
}

/**
 * Each documented colour has `pattern: ^#[0-9A-Fa-f]{6}$` (openapi-platform.yaml
 * SetupLinkCreateRequest.theme_config). Keys outside the list are not documented as
 * refused, so they are kept as given rather than answered with a 422.
 */
function readTheme(value: unknown): Record<string, string> | null {
  if (value === null) return null
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw unprocessable('Theme config must be an object')
  }
  const theme: Record<string, string> = {}
  for (const [key, colour] of Object.entries(value)) {
    if (!THEME_KEYS.includes(key as (typeof THEME_KEYS)[number])) {
      if (typeof colour === 'string') theme[key] = colour
      continue
    }
    if (typeof colour !== 'string' || !HEX_COLOUR.test(colour)) {
      throw unprocessable(`Theme config ${key} must be a hex color like #RRGGBB`)
    }
    theme[key] = colour
  }
  return theme
}

function isHttpsOrigin(value: string): boolean {
  try {
    const u = new URL(value)
    return u.protocol === 'https:' && u.origin === value.replace(/\/$/, '')
  } catch {
    return false
  }
}

/** Create-only options: billing mode and reconnect target (both immutable afterwards). */
export function readCreateOnlyOptions(attrs: Record<string, unknown>): SetupLinkPatch {
  const patch: SetupLinkPatch = {}
  if (has(attrs, 'meta_billing_mode')) {
    const mode = attrs.meta_billing_mode
    if (mode !== 'customer_managed' && mode !== 'partner_managed') {
      throw unprocessable('Meta billing mode must be customer_managed or partner_managed')
    }
    patch.meta_billing_mode = mode
  }
  const reconnect = optionalString(attrs, 'reconnect_phone_number')
  if (reconnect !== undefined) patch.reconnect_phone_number = reconnect || null
  return patch
}

/**
 * Update-only options: expiry and status. "`meta_billing_mode` is the one field you cannot
 * change after creation" and "You cannot set `status` to `used`"
 * (https://docs.kapso.ai/docs/platform/setup-links/manage). `reconnect_phone_number` is
 * not an update field (openapi-platform.yaml SetupLinkUpdateRequest), so it is ignored.
 */
export function readUpdateOnlyOptions(attrs: Record<string, unknown>): SetupLinkPatch {
  const patch: SetupLinkPatch = {}
  if (has(attrs, 'meta_billing_mode'))
    throw unprocessable('meta_billing_mode cannot be changed after the setup link is created')
  const expires = optionalString(attrs, 'expires_at')
  if (expires !== undefined) patch.expires_at = expires === null ? null : parseDateTime(expires, 'expires_at')
  if (has(attrs, 'status')) {
    const status = attrs.status
    if (status === 'used') throw unprocessable('Status cannot be changed to used')
    if (status !== 'active' && status !== 'expired' && status !== 'revoked') {
      throw unprocessable('Status must be one of active, expired, revoked')
    }
    patch.status = status
  }
  return patch
}
