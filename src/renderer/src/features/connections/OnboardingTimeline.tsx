import { useCallback, useEffect, useState } from 'react'
import type { Timeline, TimelineEntry } from '../../../../shared/connections/timeline'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import { kapso } from '../../bridge'
import { useNotices } from '../../stores/notices'
import { downloadInPage } from '../setup-links/pageFiles'

const kindLabel: Record<TimelineEntry['kind'], string> = {
  link_created: 'Link created',
  shared: 'Shared',
  redirect_success: 'Redirected',
  redirect_failure: 'Redirected',
  redirect_contradicted: 'Not confirmed',
  setup_failed: 'Setup failed',
  webhook: 'Webhook',
  connected: 'Connected',
  confirmed: 'Confirmed',
}

const sourceLabel: Record<TimelineEntry['source'], string> = {
  console: 'this console',
  webhook: 'webhook',
  redirect: 'redirect',
  api: 'API',
}

const time = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/**
 * One customer's onboarding in one look: link created → shared → redirected →
 * webhook → connected, each with its time and source; what the signals say
 * together (and where they disagree), whether the console is watching, and
 * the support bundle export.
 */
export function OnboardingTimeline(props: { customerId: string }) {
  const { customerId } = props
  const [timeline, setTimeline] = useState<Timeline | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [checking, setChecking] = useState(false)
  const push = useNotices((s) => s.push)

  const load = useCallback(async () => {
    const result = await kapso['connections.timeline']({ customerId })
    if (result.ok) {
      setTimeline(result.data)
      setError(null)
    } else setError(result.error)
  }, [customerId])

  useEffect(() => {
    void load()
    // The open customer is polled faster while it is on screen.
    void kapso['connections.focus']({ customerId })
    const off = kapso.on('connections.changed', (items) => {
      if (items.some((i) => i.customerIds.includes(customerId))) void load()
    })
    return () => {
      off()
      void kapso['connections.focus']({ customerId: null })
    }
  }, [customerId, load])

  const checkNow = async () => {
    setChecking(true)
    const result = await kapso['connections.checkNow']({ customerId })
    setChecking(false)
    if (result.ok) setTimeline(result.data)
    else push({ level: 'error', title: 'Could not check with Kapso', detail: result.error.message })
  }

  const checkWebhook = async () => {
    const result = await kapso['webhooks.sendTest']({ eventType: 'whatsapp.phone_number.created' })
    if (result.ok)
      push({
        level: 'info',
        title: 'Test event requested',
        detail: 'If it shows up under Webhooks within seconds, the project webhook works.',
      })
    else push({ level: 'error', title: 'The webhook could not be checked', detail: result.error.message })
  }

  const exportBundle = async () => {
    const result = await kapso['connections.exportBundle']({ customerId })
    if (!result.ok)
      return push({ level: 'error', title: 'Support bundle not written', detail: result.error.message })
    if (result.data.outcome === 'page') downloadInPage(result.data.file)
    if (result.data.outcome !== 'cancelled')
      push({
        level: 'success',
        title: 'Support bundle saved',
        detail: 'Redacted: no API keys, secrets, bodies or message text.',
      })
  }

  if (error && !timeline)
    return (
      <section className="cust-detail__section">
        <h3>Onboarding</h3>
        <p className="callout callout--error">{error.message}</p>
      </section>
    )
  if (!timeline) return null
  const s = timeline.status
  return (
    <section className="cust-detail__section conn-timeline" aria-label="Onboarding" data-testid="onboarding">
      <div className="conn-timeline__head">
        <h3>Onboarding</h3>
        <div className="row">
          <button
            type="button"
            className="button button--small"
            onClick={() => void checkNow()}
            disabled={checking}
          >
            {checking ? 'Checking…' : 'Check now'}
          </button>
          <button type="button" className="button button--small" onClick={() => void exportBundle()}>
            Export support bundle
          </button>
        </div>
      </div>
      <p className="conn-verdict" data-testid="connection-verdict">
        {s.connected ? (
          <>
            Connected{s.displayPhoneNumber ? ` ${s.displayPhoneNumber}` : ''} — seen by{' '}
            {s.sources.map((x) => sourceLabel[x]).join(', ')}
          </>
        ) : s.redirectCheck?.state === 'confirming' ? (
          <span data-testid="redirect-confirming">
            <span className="conn-watching__dot" aria-hidden="true" /> Redirect received, confirming…
            {s.redirectCheck.nextCheckAt
              ? ` · next check ${new Date(s.redirectCheck.nextCheckAt).toLocaleTimeString()}`
              : ''}
            {s.redirectCheck.lastCheckError ? ` · last check failed: ${s.redirectCheck.lastCheckError}` : ''}
          </span>
        ) : s.watching ? (
          <>
            <span className="conn-watching__dot" aria-hidden="true" /> Watching for the connection
            {s.nextCheckAt ? ` · next check ${new Date(s.nextCheckAt).toLocaleTimeString()}` : ''}
            {s.lastCheckError ? ` · last check failed: ${s.lastCheckError}` : ''}
          </>
        ) : (
          'Not connected, and not being watched (no active link created here).'
        )}
      </p>
      {s.disagreement && (
        <div className="callout callout--warning" role="status" data-testid="disagreement">
          <p>{s.disagreement.message}</p>
          {s.disagreement.kind === 'no_webhook' && (
            <button type="button" className="button button--small" onClick={() => void checkWebhook()}>
              Check the webhook
            </button>
          )}
          {s.disagreement.kind === 'redirect_contradicted' && (
            <button type="button" className="button button--small" onClick={() => void checkNow()}>
              Check with Kapso
            </button>
          )}
        </div>
      )}
      {timeline.entries.length === 0 ? (
        <p className="muted">Nothing yet: no setup link was created or seen for this customer.</p>
      ) : (
        <ol className="conn-steps" data-testid="timeline">
          {timeline.entries.map((e, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id and never reorder in place
              key={i}
              className={`conn-step conn-step--${e.kind}${e.trusted ? '' : ' conn-step--untrusted'}`}
              data-kind={e.kind}
            >
              <span className="conn-step__kind">{kindLabel[e.kind]}</span>
              <span className="conn-step__summary">{e.summary}</span>
              <span className="conn-step__meta muted">
                <time dateTime={e.at}>{time(e.at)}</time> · {sourceLabel[e.source]}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
