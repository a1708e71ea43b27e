import type { CustomerDetail as Detail, OutboxEntry } from '../../../../shared/customers/customer'
import { setupErrorText } from '../../../../shared/setupLinks/messages'
import { kapso } from '../../bridge'
import { CopyButton } from '../../ui/CopyButton'
import { ErrorState } from '../../ui/ErrorState'
import { CustomerApiErrors } from '../api-logs/CustomerApiErrors'
import { OnboardingTimeline } from '../connections/OnboardingTimeline'
import { WatchingMark } from '../connections/useWatching'
import { NewSetupLinkButton } from '../setup-links/NewSetupLinkButton'
import { ago, connectionHelp, dateTime, filterLabels } from './format'
import { useCustomers } from './useCustomers'

const opLabel = { create: 'Create', update: 'Change', delete: 'Delete' }

/** The open customer: fields, numbers, setup link history, and writes still waiting for Kapso. */
export function CustomerDetailPanel(props: {
  onEdit(detail: Detail): void
  onFix(entry: OutboxEntry): void
  onDelete(ids: string[]): void
}) {
  const openId = useCustomers((s) => s.openId)
  const detail = useCustomers((s) => s.detail)
  const error = useCustomers((s) => s.detailError)
  const loading = useCustomers((s) => s.detailLoading)
  const { open, reloadDetail } = useCustomers.getState()
  if (!openId) return null
  if (error && !detail)
    return (
      <aside className="cust-detail" aria-label="Customer detail">
        <ErrorState error={error} onRetry={() => void open(openId)} />
      </aside>
    )
  if (!detail)
    return (
      <aside className="cust-detail" aria-label="Customer detail" aria-busy="true">
        <div className="skeleton" style={{ height: 20, width: '60%' }} />
      </aside>
    )
  const c = detail.customer
  const discard = async (seq: number) => {
    await kapso['customers.discardWrite']({ seq })
    void reloadDetail()
  }
  return (
    <aside className="cust-detail" aria-label="Customer detail" data-testid="customer-detail">
      <header className="cust-detail__head">
        <div>
          <h2>{c.name || '—'}</h2>
          <span className={`cust-state cust-state--${c.connection}`} title={connectionHelp[c.connection]}>
            {filterLabels[c.connection]}
          </span>
          <WatchingMark customerId={c.id} />
          {loading && <span className="muted cust-detail__loading">checking Kapso…</span>}
        </div>
        <div className="cust-detail__actions">
          <NewSetupLinkButton customer={c.local ? null : { id: c.id, name: c.name }} />
          <button type="button" className="button button--small" onClick={() => props.onEdit(detail)}>
            Edit
          </button>
          <button
            type="button"
            className="button button--small button--danger-quiet"
            onClick={() => props.onDelete([c.id])}
          >
            Delete
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => void open(null)}
            aria-label="Close detail"
          >
            ✕
          </button>
        </div>
      </header>

      {detail.outbox.length > 0 && (
        <section className="cust-detail__section" aria-label="Waiting changes">
          {detail.outbox.map((entry) => (
            <div
              key={entry.seq}
              className={`callout ${entry.state === 'rejected' ? 'callout--error' : 'callout--warning'}`}
              data-testid="outbox-entry"
            >
              <strong>
                {opLabel[entry.op]} {entry.state === 'rejected' ? 'refused by Kapso' : 'waiting to be sent'}
              </strong>
              {entry.state === 'rejected' && entry.error && (
                <p className="cust-reason">{entry.error.message}</p>
              )}
              {entry.state === 'pending' && (
                <p className="cust-reason muted">
                  Saved here {ago(entry.createdAt)}; sent when Kapso is reachable.
                </p>
              )}
              {entry.state === 'rejected' && (
                <div className="row">
                  {entry.op !== 'delete' && (
                    <button type="button" className="button button--small" onClick={() => props.onFix(entry)}>
                      Fix…
                    </button>
                  )}
                  {entry.op === 'delete' && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() =>
                        void kapso['customers.retryWrite']({ seq: entry.seq }).then(() => reloadDetail())
                      }
                    >
                      Try again
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void discard(entry.seq)}
                  >
                    Discard change
                  </button>
                </div>
              )}
            </div>
          ))}
        </section>
      )}

      <dl className="facts cust-facts">
        <dt>Customer ID</dt>
        <dd className="facts__copyable">
          <code>{c.local ? 'not created in Kapso yet' : c.id}</code>
          {!c.local && <CopyButton text={c.id} label="customer ID" />}
        </dd>
        <dt>External ID</dt>
        <dd>{c.externalCustomerId ?? <span className="muted">none</span>}</dd>
        <dt>Created</dt>
        <dd>{dateTime(c.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{dateTime(c.updatedAt)}</dd>
        <dt>Last activity</dt>
        <dd>{ago(c.lastActivityAt)}</dd>
      </dl>

      <section className="cust-detail__section">
        <h3>Connected numbers</h3>
        {detail.phoneNumbers.length === 0 ? (
          <p className="muted">No WhatsApp number is connected.</p>
        ) : (
          <ul className="cust-list">
            {detail.phoneNumbers.map((p) => (
              <li key={p.phoneNumberId} data-testid="phone-number">
                <div className="facts__copyable">
                  <strong className="cust-mono">{p.displayPhoneNumber ?? 'no display number'}</strong>
                  {p.displayPhoneNumber && <CopyButton text={p.displayPhoneNumber} label="display number" />}
                </div>
                <div className="facts__copyable muted">
                  <span>
                    phone_number_id <code>{p.phoneNumberId}</code>
                  </span>
                  <CopyButton text={p.phoneNumberId} label="phone_number_id" />
                </div>
                <div className="muted">
                  {[p.verifiedName ?? p.name, p.status, p.qualityRating].filter(Boolean).join(' · ')}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="cust-detail__section">
        <h3>Setup links</h3>
        {detail.linksCheckedAt === null ? (
          <p className="muted">
            {c.local ? 'None until the customer exists in Kapso.' : 'Not fetched yet (offline?).'}
          </p>
        ) : detail.setupLinks.length === 0 ? (
          <p className="muted">
            {c.connection === 'connected'
              ? 'No setup link was ever created'
              : 'Never invited: no setup link was created'}
            . Checked {ago(detail.linksCheckedAt)}.
          </p>
        ) : (
          <ul className="cust-list">
            {detail.setupLinks.map((l) => (
              <li key={l.id} data-testid="setup-link">
                <span className={`cust-link cust-link--${l.effectiveStatus}`}>{l.effectiveStatus}</span>{' '}
                created {dateTime(l.createdAt)}
                {l.expiresAt && <span className="muted"> · expires {dateTime(l.expiresAt)}</span>}
                {l.setupStatus && <span className="muted"> · setup {l.setupStatus}</span>}
                {l.setupError && (
                  <div className="cust-reason" data-testid="setup-error">
                    {setupErrorText(l.setupError)}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {!c.local && <OnboardingTimeline customerId={c.id} />}
      {!c.local && <CustomerApiErrors customerId={c.id} />}
    </aside>
  )
}
