import { useMemo } from 'react'
import { curlCommand } from '../../../../shared/webhooks/curl'
import { kapso } from '../../bridge'
import { ErrorState } from '../../ui/ErrorState'
import { downloadExport } from './archive/download'
import { CopyAction } from './CopyAction'
import { SignatureBadge } from './EventList'
import { byteSize, fullTime, signatureHelp } from './format'
import { EventForwards } from './forwarding/EventForwards'
import { JsonTree } from './JsonTree'
import { SignatureLab } from './lab/SignatureLab'
import { useWebhookEvents } from './useWebhookEvents'

export function EventDetail() {
  const detail = useWebhookEvents((s) => s.detail)
  const error = useWebhookEvents((s) => s.detailError)
  const openId = useWebhookEvents((s) => s.openId)
  const close = () => void useWebhookEvents.getState().open(null)

  const parsed = useMemo(() => {
    if (!detail?.itemJson) return undefined
    try {
      return JSON.parse(detail.itemJson) as unknown
    } catch {
      return undefined
    }
  }, [detail])

  if (openId === null) {
    return (
      <aside className="event-detail event-detail--empty" aria-label="Event detail">
        <p className="muted">Select an event and press Enter (or click it) to see its headers and body.</p>
      </aside>
    )
  }
  if (error) {
    return (
      <aside className="event-detail" aria-label="Event detail">
        <ErrorState error={error} />
      </aside>
    )
  }
  if (!detail) {
    return (
      <aside className="event-detail" aria-label="Event detail" aria-busy="true">
        <div className="skeleton" />
        <div className="skeleton" />
      </aside>
    )
  }
  const curl = curlCommand({
    method: detail.method,
    url: detail.replayUrl,
    headers: detail.headers,
    body: detail.rawBody,
    bodyEncoding: detail.rawBodyEncoding,
  })
  return (
    <aside className="event-detail" aria-label="Event detail" data-testid="event-detail">
      <header className="event-detail__header">
        <div>
          <h2>{detail.eventType ?? 'Unknown event'}</h2>
          <p className="muted">{fullTime(detail.receivedAt)}</p>
        </div>
        <button type="button" className="button button--small" onClick={close} aria-label="Close detail">
          Close
        </button>
      </header>
      <div className="row">
        <CopyAction text={curl} label="Copy as curl" />
        <CopyAction text={detail.itemJson ?? detail.rawBody} label="Copy body" />
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            const r = await kapso['webhooks.export']({ format: 'ndjson', eventIds: [detail.id] })
            if (r.ok) downloadExport(r.data)
          }}
        >
          Export event
        </button>
      </div>
      {detail.imported && (
        <p className="callout" data-testid="imported-note">
          Imported from a file: this is history as it was exported, read-only, and never forwarded on arrival.
        </p>
      )}
      <dl className="facts facts--compact">
        <dt>Signature</dt>
        <dd>
          <SignatureBadge state={detail.signature} />{' '}
          <span className="muted">{signatureHelp[detail.signature]}</span>
        </dd>
        <dt>Request</dt>
        <dd>
          <code>
            {detail.method} {detail.path}
          </code>
        </dd>
        <dt>From</dt>
        <dd>{detail.source}</dd>
        <dt>Phone number</dt>
        <dd>{detail.phoneNumberId ?? '—'}</dd>
        <dt>Customer</dt>
        <dd>
          {detail.customerName ? `${detail.customerName} (${detail.customerId})` : (detail.customerId ?? '—')}
        </dd>
        <dt>Idempotency key</dt>
        <dd>
          <code>{detail.idempotencyKey ?? '—'}</code>
          {detail.duplicate && <span className="tag tag--warning">duplicate</span>}
        </dd>
        {detail.batchSize !== null && (
          <>
            <dt>Batch</dt>
            <dd>
              item {(detail.batchIndex ?? 0) + 1} of {detail.batchSize} in one delivery
            </dd>
          </>
        )}
        <dt>Size</dt>
        <dd>{byteSize(detail.size)}</dd>
      </dl>
      <SignatureLab key={detail.id} eventId={detail.id} />
      <EventForwards detail={detail} />
      {parsed !== undefined && (
        <details open className="event-detail__section">
          <summary>Body</summary>
          <JsonTree value={parsed} />
        </details>
      )}
      <details className="event-detail__section" open={parsed === undefined}>
        <summary>Raw body {detail.rawBodyEncoding === 'base64' && '(not UTF-8, shown as base64)'}</summary>
        <pre className="event-detail__raw" data-testid="raw-body">
          {detail.rawBody || '(empty)'}
        </pre>
      </details>
      <details className="event-detail__section">
        <summary>Headers ({detail.headers.length})</summary>
        <table className="headers-table">
          <tbody>
            {detail.headers.map(([name, value], i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headers can repeat; their order is the identity
              <tr key={i}>
                <th scope="row">{name}</th>
                <td>
                  <code>{value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </aside>
  )
}
