import { useCallback, useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import { type UnreadableRecord, unreadableText } from '../../../../../shared/kapso/unreadable'
import type { DeliveryRecord, DeliveryRecordFilter } from '../../../../../shared/webhooks/deliveryRecords'
import { catalogEvents } from '../../../../../shared/webhooks/trigger'
import { kapso } from '../../../bridge'
import { EmptyState } from '../../../ui/EmptyState'
import { ErrorState } from '../../../ui/ErrorState'
import { Icons } from '../../../ui/Icons'
import { fullTime } from '../format'
import { useWebhookEvents } from '../useWebhookEvents'
import { useWebhookTools } from '../useWebhookTools'

/**
 * Kapso's own delivery records (GET /webhook_deliveries): why a tenant's
 * endpoint fails, next to what arrived here. A row links to its local event.
 */
export function DeliveriesTab() {
  const [filter, setFilter] = useState<DeliveryRecordFilter>({ period: '24h' })
  const [records, setRecords] = useState<DeliveryRecord[]>([])
  const [unreadable, setUnreadable] = useState<UnreadableRecord[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [loading, setLoading] = useState(true)

  const load = useCallback(
    async (after?: string) => {
      setLoading(true)
      const result = await kapso['webhooks.deliveries.list']({ filter, ...(after ? { after } : {}) })
      setLoading(false)
      if (!result.ok) {
        setError(result.error)
        return
      }
      setError(null)
      setRecords((prev) => (after ? [...prev, ...result.data.records] : result.data.records))
      setUnreadable((prev) => (after ? [...prev, ...result.data.unreadable] : result.data.unreadable))
      setNext(result.data.nextCursor)
    },
    [filter],
  )
  useEffect(() => {
    void load()
  }, [load])

  const patch = (p: Partial<DeliveryRecordFilter>) => {
    const merged = { ...filter, ...p }
    for (const k of Object.keys(merged) as (keyof DeliveryRecordFilter)[])
      if (merged[k] === undefined || merged[k] === '' || merged[k] === false) delete merged[k]
    setFilter(merged)
  }
  const openLocal = (id: number) => {
    useWebhookTools.getState().setTab('events')
    useWebhookEvents.getState().select(id)
    void useWebhookEvents.getState().open(id)
  }

  return (
    <div className="deliveries" data-testid="deliveries">
      <fieldset className="filters deliveries__filters">
        <legend className="sr-only">Delivery filters</legend>
        <label className="wh-field">
          <span>Status</span>
          <select
            value={filter.status ?? ''}
            onChange={(e) =>
              patch({ status: (e.target.value || undefined) as DeliveryRecordFilter['status'] })
            }
            data-testid="delivery-status"
          >
            <option value="">Any</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
            <option value="pending">Pending</option>
          </select>
        </label>
        <label className="wh-field">
          <span>Event</span>
          <select value={filter.event ?? ''} onChange={(e) => patch({ event: e.target.value || undefined })}>
            <option value="">Any</option>
            {catalogEvents.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="wh-field">
          <span>Webhook id</span>
          <input
            value={filter.webhookId ?? ''}
            onChange={(e) => patch({ webhookId: e.target.value.trim() || undefined })}
            placeholder="any"
          />
        </label>
        <label className="wh-field">
          <span>Period</span>
          <select
            value={filter.period ?? '24h'}
            onChange={(e) => patch({ period: e.target.value as DeliveryRecordFilter['period'] })}
          >
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
          </select>
        </label>
        <label className="tool-form__check">
          <input
            type="checkbox"
            checked={filter.errorsOnly ?? false}
            onChange={(e) => patch({ errorsOnly: e.target.checked })}
          />
          Errors only
        </label>
        <div>
          <button
            type="button"
            className="button button--small"
            onClick={() => void load()}
            disabled={loading}
          >
            {loading ? 'Loading…' : 'Refresh'}
          </button>
        </div>
      </fieldset>
      {error ? (
        <ErrorState error={error} onRetry={() => void load()} />
      ) : records.length === 0 && unreadable.length === 0 && !loading ? (
        <EmptyState icon={<Icons.webhooks />} title="No delivery records">
          <p>
            Kapso has no delivery matching these filters in this period. Widen the period, or clear a filter.
          </p>
        </EmptyState>
      ) : (
        <div className="deliveries__scroller">
          <table className="deliveries__table">
            <caption className="sr-only">Kapso webhook delivery records, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">Attempts</th>
                <th scope="col">Here</th>
                <th scope="col">Webhook URL</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id} data-testid="delivery-row" data-status={r.status ?? ''}>
                  <td>{r.createdAt ? fullTime(r.createdAt) : '—'}</td>
                  <td className="event-row__mono">{r.event ?? '—'}</td>
                  <td>
                    {r.status ? (
                      <span
                        className={`sig sig--${r.status === 'delivered' ? 'valid' : r.status === 'failed' ? 'invalid' : 'unverifiable'}`}
                      >
                        {r.status}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{r.responseStatus ?? '—'}</td>
                  <td title={r.lastAttemptAt ? `Last attempt ${fullTime(r.lastAttemptAt)}` : undefined}>
                    {r.attemptCount ?? '—'}
                  </td>
                  <td>
                    {r.localEventId !== null ? (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => openLocal(r.localEventId!)}
                      >
                        Open local event
                      </button>
                    ) : (
                      <span className="muted">not received here</span>
                    )}
                  </td>
                  <td className="deliveries__url" title={r.webhookUrl ?? ''}>
                    {r.webhookUrl ?? '—'}
                  </td>
                </tr>
              ))}
              {unreadable.map((u) => (
                <tr key={`unreadable-${u.id ?? ''}-${u.index}`} data-testid="unreadable-row">
                  <td colSpan={7} className="muted">
                    {unreadableText(u)}
                    {u.id ? ` (id ${u.id})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {next && (
            <button
              type="button"
              className="button button--small"
              onClick={() => void load(next)}
              disabled={loading}
            >
              Load older
            </button>
          )}
        </div>
      )}
    </div>
  )
}
