import type { SyncEstimate } from './customer'

/** "~14 min left at 100 requests/min": the sync progress line's budget part. */
export function formatSyncEstimate(estimate: SyncEstimate): string {
  const minutes = Math.ceil(estimate.msLeft / 60_000)
  const left = estimate.msLeft < 60_000 ? 'under a minute left' : `~${minutes} min left`
  return `${left} at ${estimate.limitPerMinute.toLocaleString('en-US')} requests/min`
}
