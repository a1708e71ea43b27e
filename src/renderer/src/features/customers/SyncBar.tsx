import { useEffect, useState } from 'react'
import type { SyncStatus } from '../../../../shared/customers/customer'
import { kapso } from '../../bridge'
import { ago, count } from './format'

const phaseLabel = { customers: 'customers', phone_numbers: 'phone numbers', finishing: 'finishing' }

/** "12,400 of 40,000 customers" with a bar while syncing; "Last synced 3 min ago" otherwise. */
export function SyncBar(props: { status: SyncStatus | null }) {
  const { status } = props
  const [, tick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000)
    return () => clearInterval(timer)
  }, [])
  if (!status) return null
  if (status.state === 'syncing') {
    const share = status.total ? Math.min(1, status.done / status.total) : 0
    return (
      <div className="cust-sync" data-testid="sync-status">
        <div className="cust-sync__text" aria-live="polite">
          {status.phase === 'finishing'
            ? 'Finishing sync…'
            : status.total === null
              ? 'Syncing…'
              : `${count(status.done)} of ${count(status.total)} ${phaseLabel[status.phase ?? 'customers']}`}
        </div>
        <progress className="cust-sync__bar" max={1} value={share} aria-label="Sync progress" />
        <button
          type="button"
          className="button button--small"
          onClick={() => void kapso['customers.cancelSync']()}
        >
          Cancel
        </button>
      </div>
    )
  }
  return (
    <div className="cust-sync" data-testid="sync-status">
      <span className="muted" title={status.lastSyncedAt ?? ''}>
        {status.state === 'error' && status.lastError ? (
          <span className="cust-sync__error">Sync failed: {status.lastError.message}</span>
        ) : status.resumable ? (
          'Sync interrupted; it continues where it stopped'
        ) : (
          `Last synced ${ago(status.lastSyncedAt)}`
        )}
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={() => void kapso['customers.syncNow']()}
      >
        Sync now
      </button>
    </div>
  )
}
