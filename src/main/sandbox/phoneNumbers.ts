import type { SandboxContext } from './context'
import { healthReport } from './health'
import { json, notFound } from './http'
import { type IdSource, randomIds } from './ids'
import { pageResponse } from './pagination'
import { HealthRateLimiter } from './rateLimit'
import type { Router } from './router'
import type { WhatsappPhoneNumber } from './types'
import { createdRange, inCreatedRange } from './validation'

/** "+1 555-013-4567" for NANP numbers, "+44 7700900123"-style otherwise: what Meta's display field looks like. */
export function formatDisplayNumber(digits: string): string {
  if (digits.length === 11 && digits.startsWith('1')) {
    return `+1 ${digits.slice(1, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`
  }
  return `+${digits.slice(0, 2)} ${digits.slice(2)}`
}

export interface NewPhoneNumberInput {
  customerId: string | null
  name: string
  digits: string
  isCoexistence: boolean
  createdAt: string
  verifiedName?: string
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED'
  businessAccountId?: string
}

/** Builds a connected number with Meta-like numeric ids (15-digit phone_number_id, 15-digit WABA id). */
export function buildPhoneNumber(input: NewPhoneNumberInput, ids: IdSource = randomIds): WhatsappPhoneNumber {
  const phoneNumberId = ids.digits(15)
  return {
    id: phoneNumberId,
    internal_id: ids.uuid(),
    phone_number_id: phoneNumberId,
    name: input.name,
    business_account_id: input.businessAccountId ?? ids.digits(15),
    customer_id: input.customerId,
    is_coexistence: input.isCoexistence,
    inbound_processing_enabled: true,
    calls_enabled: false,
    webhook_verified_at: input.createdAt,
    display_name: input.verifiedName ?? input.name,
    display_phone_number: formatDisplayNumber(input.digits),
    display_phone_number_normalized: input.digits,
    verified_name: input.verifiedName ?? input.name,
    quality_rating: input.qualityRating ?? 'GREEN',
    code_verification_status: 'VERIFIED',
    name_status: 'APPROVED',
    status: 'CONNECTED',
    throughput_tier: input.isCoexistence ? 'TIER_5' : 'TIER_1K',
    whatsapp_business_manager_messaging_limit: 'TIER_1K',
    is_official_business_account: false,
    is_pin_enabled: true,
    created_at: input.createdAt,
    updated_at: input.createdAt,
  }
}

export function findPhoneNumber(ctx: SandboxContext, phoneNumberId: string): WhatsappPhoneNumber {
  const number = ctx.store.phoneNumbers.get(phoneNumberId)
  if (!number) throw notFound('Phone number')
  return number
}

export function registerPhoneNumberRoutes(router: Router, ctx: SandboxContext): void {
  const healthLimiter = new HealthRateLimiter()

  router.get('/whatsapp/phone_numbers', ({ url, query }) => {
    const phoneNumberId = query.get('phone_number_id')
    const waba = query.get('business_account_id')
    const customerId = query.get('customer_id')
    const nameContains = query.get('name_contains')?.toLowerCase() || null
    const range = createdRange(query)
    const rows = ctx.store.phoneNumbers.newestFirst(
      (n) =>
        (phoneNumberId === null || n.phone_number_id === phoneNumberId) &&
        (waba === null || n.business_account_id === waba) &&
        (customerId === null || n.customer_id === customerId) &&
        (nameContains === null || n.name.toLowerCase().includes(nameContains)) &&
        inCreatedRange(n.created_at, range),
    )
    return pageResponse(url, rows)
  })

  router.get('/whatsapp/phone_numbers/:phone_number_id', ({ params }) =>
    json(200, { data: findPhoneNumber(ctx, params.phone_number_id!) }),
  )

  // Top-level object (no `data`), with its own per-project limiter checked before the lookup, as Kapso does.
  router.get('/whatsapp/phone_numbers/:phone_number_id/health', ({ params }) => {
    const headers = healthLimiter.check(ctx.projectId, ctx.now().getTime())
    const number = findPhoneNumber(ctx, params.phone_number_id!)
    return json(200, healthReport(number, ctx.now()), headers)
  })
}
