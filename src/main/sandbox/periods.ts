import { ApiError } from './http'

const PERIOD_MS: Record<string, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }

/** `period` (default 24h) as the oldest ISO timestamp still in view. */
export function periodStart(query: URLSearchParams, now: Date): string {
  const period = query.get('period') || '24h'
  const ms = PERIOD_MS[period]
  if (ms === undefined) throw new ApiError(400, 'period must be one of 24h, 7d, 30d')
  return new Date(now.getTime() - ms).toISOString()
}

/** Rails-style boolean query values. */
export function queryFlag(query: URLSearchParams, key: string): boolean {
  const v = query.get(key)
  return v === 'true' || v === '1'
}
