import type { SyncEstimate } from '../../shared/customers/customer'
import type { BudgetSnapshot } from '../kapso/budget'
import type { Database } from '../store/database'
import { PER_PAGE, type SyncProgress, syncRow } from './sync'

/**
 * How long the running pass has left at the key's rate limit ("~14 min left at
 * 100 requests/min"): one request per page still to fetch, this phase's and
 * (while customers are fetched) the phone numbers' as many as the last pass
 * counted, sent at the background share of the limit (budget.ts). Null while
 * the API has not said its limit: nothing is paced then, and there is nothing
 * honest to say.
 */
export function estimateSync(
  db: Database,
  progress: SyncProgress,
  budget: BudgetSnapshot,
): SyncEstimate | null {
  if (budget.limit === null || budget.capacity === null || progress.total === null) return null
  let requestsLeft = Math.ceil(Math.max(0, progress.total - progress.done) / PER_PAGE)
  if (progress.phase === 'customers') {
    const phones = syncRow(db, 'phone_numbers')?.total ?? 0
    requestsLeft += Math.max(1, Math.ceil(phones / PER_PAGE))
  }
  const perWindow = budget.capacity.background
  return {
    requestsLeft,
    msLeft: Math.round((requestsLeft / perWindow) * budget.windowMs),
    limitPerMinute: budget.limit,
    syncPerMinute: perWindow,
  }
}
