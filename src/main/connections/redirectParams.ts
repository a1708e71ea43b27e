/**
 * The query parameters Kapso appends to a setup link's redirect URLs
 * (reference 4), read defensively: anything can be typed into an address bar,
 * so every value is checked for its documented shape and kept as received
 * (cut to a sane length) for the timeline, valid or not.
 */

export const FAILURE_CODES = [
  'facebook_auth_failed',
  'phone_verification_failed',
  'waba_limit_reached',
  'token_exchange_failed',
  'link_expired',
  'already_used',
] as const
export type FailureCode = (typeof FAILURE_CODES)[number]

export const SUCCESS_PARAMS = [
  'setup_link_id',
  'status',
  'phone_number_id',
  'business_account_id',
  'whatsapp_config_id',
  'provisioned_phone_number_id',
  'display_phone_number',
] as const
export const FAILURE_PARAMS = ['setup_link_id', 'error_code'] as const
/** Sent only when there is something to say (WABA if available, provisioning if used, legacy id on newer docs). */
const OPTIONAL = new Set([
  'business_account_id',
  'whatsapp_config_id',
  'provisioned_phone_number_id',
  'display_phone_number',
])

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const META_ID = /^\d{1,30}$/
const E164 = /^\+?[0-9][0-9 ()-]{5,24}$/

const shapes: Record<string, (v: string) => boolean> = {
  setup_link_id: (v) => UUID.test(v),
  status: (v) => v === 'completed',
  phone_number_id: (v) => META_ID.test(v),
  business_account_id: (v) => META_ID.test(v),
  whatsapp_config_id: (v) => UUID.test(v),
  provisioned_phone_number_id: (v) => UUID.test(v),
  display_phone_number: (v) => E164.test(v),
  error_code: (v) => (FAILURE_CODES as readonly string[]).includes(v),
}

export interface ReceivedParam {
  name: string
  value: string
  /** Matches the documented shape. */
  valid: boolean
}

export interface RedirectReport {
  outcome: 'success' | 'failure'
  /** The documented parameters that came, in the documented order. */
  params: ReceivedParam[]
  /** Parameters that should always come and did not. */
  missing: string[]
  /** Optional parameters that did not come (no fault: e.g. no provisioning was used). */
  absent: string[]
  /** Parameters Kapso does not document (shown as such). */
  extra: ReceivedParam[]
  /** Valid values only, for acting on. */
  setupLinkId: string | null
  phoneNumberId: string | null
  displayPhoneNumber: string | null
  businessAccountId: string | null
  errorCode: FailureCode | null
}

const MAX_VALUE = 200
const MAX_EXTRA = 20

export function readRedirect(outcome: 'success' | 'failure', query: URLSearchParams): RedirectReport {
  const documented: readonly string[] = outcome === 'success' ? SUCCESS_PARAMS : FAILURE_PARAMS
  const params: ReceivedParam[] = []
  const missing: string[] = []
  const absent: string[] = []
  for (const name of documented) {
    // URLSearchParams has already decoded `%2B15551234567` to `+15551234567`.
    const raw = query.get(name)
    if (raw === null || raw === '') {
      ;(OPTIONAL.has(name) ? absent : missing).push(name)
      continue
    }
    const value = raw.trim().slice(0, MAX_VALUE)
    params.push({ name, value, valid: raw.length <= MAX_VALUE && shapes[name]!(value) })
  }
  const extra: ReceivedParam[] = []
  for (const [name, value] of query) {
    if (documented.includes(name) || extra.length >= MAX_EXTRA) continue
    extra.push({ name: name.slice(0, 60), value: value.slice(0, MAX_VALUE), valid: false })
  }
  const valid = (name: string) => params.find((p) => p.name === name && p.valid)?.value ?? null
  return {
    outcome,
    params,
    missing,
    absent,
    extra,
    setupLinkId: valid('setup_link_id')?.toLowerCase() ?? null,
    phoneNumberId: valid('phone_number_id'),
    displayPhoneNumber: valid('display_phone_number'),
    businessAccountId: valid('business_account_id'),
    errorCode: valid('error_code') as FailureCode | null,
  }
}
