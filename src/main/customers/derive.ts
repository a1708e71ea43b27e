import type { ConnectionState } from '../../shared/customers/customer'

/** What is known about a customer's onboarding, as stored on its row. */
export interface ConnectionFacts {
  phoneCount: number
  /** Status of the newest setup link Kapso reported; null when none or never fetched. */
  linkStatus: string | null
  linkExpiresAt: string | null
  /** null when the customer's setup links were never fetched. */
  linksCheckedAt: string | null
}

/** A link Kapso still calls active stops working at `expires_at`, whether or not anyone re-fetched it. */
export function effectiveLinkStatus(status: string, expiresAt: string | null, nowIso: string): string {
  return status === 'active' && expiresAt !== null && expiresAt <= nowIso ? 'expired' : status
}

/**
 * connected: a number is known · pending: the newest link can still be used ·
 * expired: the newest link expired, was revoked or was used without a number
 * remaining · never_invited: links were fetched and there are none ·
 * unknown: no number and links never fetched.
 */
export function deriveConnection(facts: ConnectionFacts, nowIso: string): ConnectionState {
  if (facts.phoneCount > 0) return 'connected'
  if (facts.linkStatus !== null) {
    return effectiveLinkStatus(facts.linkStatus, facts.linkExpiresAt, nowIso) === 'active'
      ? 'pending'
      : 'expired'
  }
  return facts.linksCheckedAt === null ? 'unknown' : 'never_invited'
}

/** The lowercased haystack one `instr` searches: name, external id, id, then the numbers' part. */
export function searchText(name: string, externalId: string | null, id: string, phoneSearch: string): string {
  return `${name}\u001f${externalId ?? ''}\u001f${id}\u001f${phoneSearch}`.toLowerCase()
}

/** A number is found by its display form, its digits and Meta's phone_number_id. */
export function phoneSearchText(
  numbers: ReadonlyArray<{ phoneNumberId: string; display: string | null; normalized: string | null }>,
): string {
  return numbers
    .map((n) => [n.display ?? '', n.normalized ?? '', n.phoneNumberId].join(' '))
    .join('\u001f')
    .toLowerCase()
}

/** Search input is matched as typed, lowercased; digits-only queries also match "+1 555-…" via the normalised digits. */
export function normaliseSearch(input: string): string {
  return input.trim().toLowerCase()
}

export function maxIso(...values: Array<string | null | undefined>): string {
  let best = ''
  for (const v of values) if (v && v > best) best = v
  return best
}
