import type { SignatureState } from '../../../../shared/webhooks/event'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export function clockTime(iso: string): string {
  const d = new Date(iso)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

export function fullTime(iso: string): string {
  const d = new Date(iso)
  return `${d.toLocaleDateString()} ${clockTime(iso)}`
}

export function byteSize(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}

export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'none yet'
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 5) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  return fullTime(iso)
}

export const signatureLabel: Record<SignatureState, string> = {
  valid: 'Valid',
  invalid: 'Invalid',
  unsigned: 'Unsigned',
  unverifiable: 'No secret',
}

export const signatureHelp: Record<SignatureState, string> = {
  valid: 'The signature matches a secret of this listen session.',
  invalid:
    'Signed, but no secret of this session matches: the body was changed, or another sender signed it.',
  unsigned: 'The request carried no X-Webhook-Signature header.',
  unverifiable: 'Signed, but no listen session was running, so there was no secret to check it with.',
}

/** Datetime-local input value ↔ ISO string with offset. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}
