import type { WhatsappPhoneNumber } from '../../shared/kapso/phoneNumber'
import type { SetupLink } from '../../shared/kapso/setupLink'
import { effectiveStatus } from '../../shared/setupLinks/link'
import { CustomerStore } from '../customers/customerStore'
import { LinkStore } from '../setupLinks/linkStore'
import type { Database } from '../store/database'

/**
 * Writes a detected connection into the caches the views read, so the list
 * row, the detail and the link status all change at once: the number goes
 * into the customer's numbers (a stand-in until Kapso's full object arrives),
 * and the link that was used reads `used`/`completed`.
 */
export function applyConnection(
  db: Database,
  input: {
    customerId: string
    number: WhatsappPhoneNumber
    /** The link that was used; the customer's newest active one when the signal does not say. */
    setupLinkId: string | null
    nowIso: string
  },
): { setupLinkId: string | null } {
  const customers = CustomerStore.for(db)
  const links = new LinkStore(db)
  // Each store call commits on its own (they open their own transactions, which do not nest).
  {
    const pass = customers.get(input.customerId)?.seen_pass ?? 0
    customers.storePhonePage([input.number], pass, input.nowIso)
    const rows = links.forCustomer(input.customerId)
    const target =
      (input.setupLinkId && rows.find((r) => r.id === input.setupLinkId)) ||
      rows.find((r) => effectiveStatus(r.status, r.expires_at, Date.parse(input.nowIso)) === 'active') ||
      null
    if (target && target.status !== 'used') {
      const raw = JSON.parse(target.raw) as SetupLink
      const used: SetupLink = {
        ...raw,
        status: 'used',
        whatsapp_setup_status: 'completed',
        whatsapp_setup_error: null,
      }
      links.put(
        {
          id: target.customer_id,
          name: target.customer_name,
          externalCustomerId: target.external_customer_id,
        },
        [used],
        input.nowIso,
      )
    }
    mirrorLinks(db, input.customerId, input.nowIso)
    return { setupLinkId: target?.id ?? null }
  }
}

/** A failure the tenant's browser reported: the link keeps its status (they may try again) but shows why. */
export function applyFailure(db: Database, setupLinkId: string, errorCode: string, nowIso: string): void {
  const links = new LinkStore(db)
  const row = links.get(setupLinkId)
  if (!row || row.status === 'used') return
  const raw = JSON.parse(row.raw) as SetupLink
  links.put(
    { id: row.customer_id, name: row.customer_name, externalCustomerId: row.external_customer_id },
    [{ ...raw, whatsapp_setup_status: 'failed', whatsapp_setup_error: errorCode }],
    nowIso,
  )
  mirrorLinks(db, row.customer_id, nowIso)
}

/** The customers list shows each customer's link status from its own table: keep it in step. */
export function mirrorLinks(db: Database, customerId: string, nowIso: string): void {
  const links = new LinkStore(db).forCustomer(customerId).map((r) => JSON.parse(r.raw) as SetupLink)
  CustomerStore.for(db).replaceSetupLinks(customerId, links, nowIso)
}

/** What the console stores when only the id is known yet (webhook or redirect before the API answers). */
export function provisionalNumber(
  customerId: string,
  phoneNumberId: string,
  display: string | null,
  nowIso: string,
): WhatsappPhoneNumber {
  const digits = display?.replace(/\D/g, '') ?? null
  return {
    id: phoneNumberId,
    internal_id: '',
    phone_number_id: phoneNumberId,
    name: display ?? phoneNumberId,
    customer_id: customerId,
    display_phone_number: display,
    display_phone_number_normalized: digits,
    created_at: nowIso,
    updated_at: nowIso,
  }
}
