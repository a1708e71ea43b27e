import type { SandboxContext } from './context'
import { findCustomer } from './customers'
import { randomIds } from './ids'
import { buildPhoneNumber, formatDisplayNumber } from './phoneNumbers'
import { refreshStatus } from './setupLinks'
import type { SetupLinkRecord, WhatsappPhoneNumber } from './types'
import { normalisePhone } from './validation'

/** Reference 4: the codes a failure redirect can carry. */
export const SIGNUP_ERROR_CODES = [
  'facebook_auth_failed',
  'phone_verification_failed',
  'waba_limit_reached',
  'token_exchange_failed',
] as const
export type SignupErrorCode = (typeof SIGNUP_ERROR_CODES)[number] | 'link_expired' | 'already_used'

export type SignupOutcome =
  | { ok: true; number: WhatsappPhoneNumber; provisionedId: string | null }
  | { ok: false; errorCode: SignupErrorCode }

/** Why a link can no longer be used, or null when it can. Revoked links read as expired to the customer. */
export function unusableReason(ctx: SandboxContext, record: SetupLinkRecord): SignupErrorCode | null {
  const link = refreshStatus(record, ctx.now().toISOString())
  if (link.status === 'used') return 'already_used'
  if (link.status !== 'active') return 'link_expired'
  return null
}

/**
 * What Meta's embedded signup would leave behind: a connected number for the
 * customer (or the reconnected one), the link `used`/`completed`, and the
 * `whatsapp.phone_number.created` project webhook (sent in the background).
 */
export function completeSignup(
  ctx: SandboxContext,
  record: SetupLinkRecord,
  input: { displayPhoneNumber?: string; connectionType?: string },
): SignupOutcome {
  const blocked = unusableReason(ctx, record)
  if (blocked) return { ok: false, errorCode: blocked }
  const link = record.link
  const customer = findCustomer(ctx, record.customerId)
  const nowIso = ctx.now().toISOString()
  let number: WhatsappPhoneNumber | undefined
  let provisionedId: string | null = null

  if (link.reconnect_phone_number) {
    number = ctx.store.phoneNumbers.items.find(
      (n) =>
        n.customer_id === customer.id && n.display_phone_number_normalized === link.reconnect_phone_number,
    )
    // The customer must pick the same number again; anything else fails (error code undocumented).
    const entered = input.displayPhoneNumber
      ? normalisePhone(input.displayPhoneNumber)
      : link.reconnect_phone_number
    if (!number || entered !== link.reconnect_phone_number)
      return fail(ctx, record, 'phone_verification_failed')
    number.status = 'CONNECTED'
    number.updated_at = nowIso
  } else {
    let digits: string | null
    if (link.provision_phone_number) {
      const area = link.phone_number_area_code ?? '415'
      digits = `1${area}555${randomIds.digits(4).slice(0, 4)}`
      provisionedId = randomIds.uuid()
      link.provisioned_phone_number = {
        id: provisionedId,
        phone_number: `+${digits}`,
        status: 'active',
        area_code: area,
        country_iso: 'US',
        country_dial_code: '1',
        display_number: formatDisplayNumber(digits),
      }
    } else {
      digits = input.displayPhoneNumber
        ? normalisePhone(input.displayPhoneNumber)
        : `1555${randomIds.digits(7)}`
      if (digits === null) return fail(ctx, record, 'phone_verification_failed')
    }
    const types = link.allowed_connection_types
    const coexistence =
      types.length === 1 ? types[0] === 'coexistence' : input.connectionType === 'coexistence'
    number = buildPhoneNumber({
      customerId: customer.id,
      name: customer.name,
      digits,
      isCoexistence: coexistence,
      createdAt: nowIso,
      verifiedName: customer.name,
    })
    ctx.store.phoneNumbers.insert(number)
  }

  link.status = 'used'
  link.whatsapp_setup_status = 'completed'
  link.whatsapp_setup_error = null
  void ctx.deliveries.deliver('whatsapp.phone_number.created', {
    phone_number_id: number.phone_number_id,
    project: { id: ctx.projectId },
    customer: { id: customer.id },
  })
  return { ok: true, number, provisionedId }
}

/** The customer gave up or Meta refused: the link stays active so they can try again. */
export function fail(
  ctx: SandboxContext,
  record: SetupLinkRecord,
  errorCode: SignupErrorCode,
): SignupOutcome {
  const blocked = unusableReason(ctx, record)
  if (blocked) return { ok: false, errorCode: blocked }
  record.link.whatsapp_setup_status = 'failed'
  record.link.whatsapp_setup_error = errorCode
  return { ok: false, errorCode }
}

/** Reference 4: the redirect after signup, or null when the link has no URL for this outcome. */
export function redirectFor(record: SetupLinkRecord, outcome: SignupOutcome): string | null {
  const link = record.link
  const base = outcome.ok ? link.success_redirect_url : link.failure_redirect_url
  if (!base) return null
  const url = new URL(base)
  const q = url.searchParams
  q.set('setup_link_id', link.id)
  if (outcome.ok) {
    const n = outcome.number
    q.set('status', 'completed')
    q.set('phone_number_id', n.phone_number_id)
    if (n.business_account_id) q.set('business_account_id', n.business_account_id)
    q.set('whatsapp_config_id', n.internal_id)
    if (outcome.provisionedId) q.set('provisioned_phone_number_id', outcome.provisionedId)
    q.set('display_phone_number', `+${n.display_phone_number_normalized ?? ''}`)
  } else {
    q.set('error_code', outcome.errorCode)
  }
  return url.toString()
}
