import { useState } from 'react'
import { kapso } from '../../../bridge'
import { fullTime } from '../format'
import { useWebhookTools } from '../useWebhookTools'

/**
 * The listen session's hearing, said out loud: a banner while it cannot hear
 * Kapso, and after a gap, what Kapso tried to deliver meanwhile that never
 * arrived here (from Kapso's own delivery records).
 */
export function GapBanner() {
  const watch = useWebhookTools((s) => s.watch)
  const [busy, setBusy] = useState(false)
  if (!watch) return null
  if (watch.deafSince) {
    return (
      <div className="callout callout--warning gap-banner" role="alert" data-testid="deaf-banner">
        <strong>Not hearing Kapso since {fullTime(watch.deafSince)}</strong>: {watch.deafReason}. The console
        is trying to recover; once it hears again it will list what was missed.
      </div>
    )
  }
  const gap = watch.lastGap
  if (!gap) return null
  const set = (r: Awaited<ReturnType<(typeof kapso)['webhooks.watch.recheck']>>) => {
    if (r.ok) useWebhookTools.setState({ watch: r.data })
  }
  return (
    <div className="callout callout--warning gap-banner" role="alert" data-testid="gap-banner">
      <p>
        <strong>
          Deaf from {fullTime(gap.from)} to {fullTime(gap.to)}
        </strong>{' '}
        because {gap.reason}.{' '}
        {gap.checkedAt === null
          ? 'Comparing with Kapso’s delivery records…'
          : gap.error
            ? gap.error
            : gap.missed.length === 0
              ? `Kapso made ${deliveries(gap.attempted)} to this session meanwhile; none was missed.`
              : `Kapso made ${deliveries(gap.attempted)} to this session meanwhile; ${gap.missed.length} did not arrive here:`}
      </p>
      {gap.missed.length > 0 && (
        <ul className="gap-banner__missed">
          {gap.missed.slice(0, 20).map((m) => (
            <li key={m.id}>
              <code>{m.event ?? '—'}</code> at {m.createdAt ? fullTime(m.createdAt) : '—'} — {m.status ?? '—'}
              {m.responseStatus !== null ? ` (HTTP ${m.responseStatus})` : ''}, {m.attemptCount ?? '—'}{' '}
              attempt
              {m.attemptCount === 1 ? '' : 's'}
            </li>
          ))}
          {gap.missed.length > 20 && <li>… and {gap.missed.length - 20} more (see the Deliveries tab)</li>}
        </ul>
      )}
      <div className="row">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={async () => {
            setBusy(true)
            set(await kapso['webhooks.watch.recheck']())
            setBusy(false)
          }}
        >
          {busy ? 'Checking…' : 'Check again'}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={async () => set(await kapso['webhooks.watch.dismiss']())}
        >
          Dismiss
        </button>
      </div>
    </div>
  )
}

const deliveries = (n: number) => `${n} ${n === 1 ? 'delivery' : 'deliveries'}`
