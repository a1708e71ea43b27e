import type { ConnectionState, CustomerFilter } from '../../../../shared/customers/customer'

export const filterLabels: Record<CustomerFilter, string> = {
  all: 'All',
  connected: 'Connected',
  pending: 'Link pending',
  expired: 'Link expired',
  never_invited: 'Never invited',
  unknown: 'Not checked',
}

export const connectionHelp: Record<ConnectionState, string> = {
  connected: 'A WhatsApp number is connected',
  pending: 'A setup link was sent and can still be used',
  expired: 'The newest setup link expired, was revoked or used up, and no number is connected',
  never_invited: 'No setup link was ever created',
  unknown: 'No number; setup links are checked when the customer is opened',
}

export const count = (n: number) => n.toLocaleString('en-US')

/** "just now", "3 min ago", "2 h ago", "5 days ago". */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never'
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 45) return 'just now'
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min ago`
  const h = Math.round(m / 60)
  if (h < 24) return `${h} h ago`
  const d = Math.round(h / 24)
  return `${d} day${d === 1 ? '' : 's'} ago`
}

/** "—" for a date Kapso left out (stored empty by the tolerant reader). */
export function date(iso: string): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return d.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' })
}

export function dateTime(iso: string): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return `${date(iso)} ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
}
