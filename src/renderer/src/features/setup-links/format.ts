import { useEffect, useState } from 'react'

/** Re-renders every `ms` with the current time (countdowns, "expired" without a reload). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(timer)
  }, [ms])
  return now
}

export function dateTime(iso: string | null): string {
  if (!iso) return 'never'
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

/** "12 d 4 h left", "3 h 12 m left", "41 s left", or "expired 2 d ago". */
export function countdown(expiresAt: string | null, now: number): string {
  if (!expiresAt) return 'does not expire'
  const diff = Date.parse(expiresAt) - now
  const abs = Math.abs(diff)
  const d = Math.floor(abs / 86_400_000)
  const h = Math.floor((abs % 86_400_000) / 3_600_000)
  const m = Math.floor((abs % 3_600_000) / 60_000)
  const s = Math.floor((abs % 60_000) / 1000)
  const span =
    d > 0 ? `${d} d ${h} h ${m} m` : h > 0 ? `${h} h ${m} m ${s} s` : m > 0 ? `${m} m ${s} s` : `${s} s`
  return diff > 0 ? `${span} left` : `expired ${span} ago`
}

export const statusLabel: Record<string, string> = {
  active: 'Active',
  used: 'Used',
  expired: 'Expired',
  revoked: 'Revoked',
}

/** For <input type="datetime-local">: local wall time, minutes precision. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
