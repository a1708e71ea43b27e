import { useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { HealthView, PhoneNumberRow } from '../../../../shared/phoneNumbers/contract'
import { kapso } from '../../bridge'
import { CopyButton } from '../../ui/CopyButton'
import { openCustomer } from '../connections/ConnectionAlerts'
import { NumberManagement } from './NumberManagement'
import { usePhoneNumbers } from './usePhoneNumbers'

/** One number: its facts, Kapso's health check, and "Send test message" through the Meta proxy. */
export function PhoneNumberPanel(props: { row: PhoneNumberRow; onClose(): void }) {
  const { row } = props
  const [health, setHealth] = useState<HealthView | null>(null)
  const [healthError, setHealthError] = useState<AppErrorData | null>(null)
  const [checking, setChecking] = useState(false)
  const [to, setTo] = useState('')
  const [body, setBody] = useState('Test message from Kapso Console: this number is connected.')
  const [sending, setSending] = useState(false)
  const [sent, setSent] = useState<{ messageId: string; waId: string | null } | null>(null)
  const [sendError, setSendError] = useState<AppErrorData | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another number is shown
  useEffect(() => {
    setHealth(null)
    setHealthError(null)
    setSent(null)
    setSendError(null)
  }, [row.phoneNumberId])

  const check = async (force: boolean) => {
    setChecking(true)
    const result = await kapso['phoneNumbers.health']({ phoneNumberId: row.phoneNumberId, force })
    setChecking(false)
    if (result.ok) {
      setHealth(result.data)
      setHealthError(null)
      usePhoneNumbers.getState().patchHealth(row.phoneNumberId, result.data.status)
    } else setHealthError(result.error)
  }

  const send = async (e: React.FormEvent) => {
    e.preventDefault()
    setSending(true)
    setSent(null)
    setSendError(null)
    const result = await kapso['phoneNumbers.sendTest']({ phoneNumberId: row.phoneNumberId, to, body })
    setSending(false)
    if (result.ok) setSent(result.data)
    else setSendError(result.error)
  }

  const toError = sendError?.fields?.to?.[0]
  return (
    <aside className="cust-detail pn-panel" aria-label="Phone number" data-testid="phone-number-panel">
      <header className="cust-detail__head">
        <div>
          <h2 className="pn-mono">{row.displayPhoneNumber ?? row.phoneNumberId}</h2>
          <span className="muted">{row.name || '—'}</span>
        </div>
        <button
          type="button"
          className="button button--small"
          aria-label="Close number"
          onClick={props.onClose}
        >
          ✕
        </button>
      </header>
      <dl className="facts">
        <dt>phone_number_id</dt>
        <dd className="facts__copyable">
          <code>{row.phoneNumberId}</code>
          <CopyButton text={row.phoneNumberId} label="phone_number_id" />
        </dd>
        <dt>Customer</dt>
        <dd>
          {row.customerId ? (
            <button type="button" className="link-button" onClick={() => openCustomer(row.customerId!)}>
              {row.customerName ?? row.customerId}
            </button>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        <dt>Business account</dt>
        <dd>
          {row.businessAccountId ? (
            <code>{row.businessAccountId}</code>
          ) : (
            <span className="muted">unknown</span>
          )}
        </dd>
        <dt>Status</dt>
        <dd>
          {[row.status, row.qualityRating].filter(Boolean).join(' · ') || <span className="muted">—</span>}
        </dd>
        <dt>Created</dt>
        <dd>{new Date(row.createdAt).toLocaleString()}</dd>
      </dl>

      <section className="cust-detail__section" aria-label="Health">
        <div className="conn-timeline__head">
          <h3>Health</h3>
          <button
            type="button"
            className="button button--small"
            onClick={() => void check(health !== null)}
            disabled={checking}
          >
            {checking ? 'Checking…' : health ? 'Check again' : 'Check health'}
          </button>
        </div>
        {healthError && (
          <p className="callout callout--error" role="alert">
            {healthError.message}
          </p>
        )}
        {!health && !healthError && (
          <p className="muted">
            Asks Kapso (at most 5 per second and 60 per minute for the project; results are kept 3 minutes).
          </p>
        )}
        {health && (
          <div data-testid="health">
            <p>
              <span className={`pn-health pn-health--${health.status}`}>{health.status}</span>{' '}
              <span className="muted">checked {new Date(health.checkedAt).toLocaleTimeString()}</span>
            </p>
            {health.note && <p className="muted">{health.note}</p>}
            {health.error && <p className="field__error">{health.error}</p>}
            <ul className="pn-checks">
              {health.checks.map((c) => (
                <li key={c.name}>
                  <span aria-hidden="true">{c.passed === true ? '✓' : c.passed === false ? '✗' : '?'}</span>{' '}
                  <strong>{c.name.replace(/_/g, ' ')}</strong>{' '}
                  <span className="muted">
                    {c.passed === null ? 'unknown' : c.passed ? 'passed' : 'failed'}
                    {c.summary ? ` · ${c.summary}` : ''}
                    {c.error ? ` · ${c.error}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section className="cust-detail__section" aria-label="Send test message">
        <h3>Send test message</h3>
        <form onSubmit={send} aria-label="Send test message" className="pn-send">
          <div className={`field${toError ? ' field--invalid' : ''}`}>
            <label htmlFor="pn-to">To (international format)</label>
            <input
              id="pn-to"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              placeholder="+1 555 013 4567"
              inputMode="tel"
              aria-invalid={toError ? true : undefined}
              required
            />
            {toError && <p className="field__error">{toError}</p>}
          </div>
          <div className="field">
            <label htmlFor="pn-body">Message</label>
            <textarea
              id="pn-body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={3}
              maxLength={1000}
            />
          </div>
          <button type="submit" className="button button--primary" disabled={sending || !to.trim()}>
            {sending ? 'Sending…' : 'Send test message'}
          </button>
        </form>
        {sent && (
          <p className="callout callout--success" role="status" data-testid="send-result">
            Sent. Message id <code>{sent.messageId}</code>
            {sent.waId ? ` to WhatsApp id ${sent.waId}` : ''}.
          </p>
        )}
        {sendError && !toError && (
          <p className="callout callout--error" role="alert" data-testid="send-error">
            {sendError.message}
          </p>
        )}
      </section>

      <NumberManagement row={row} onDeleted={props.onClose} />
    </aside>
  )
}
