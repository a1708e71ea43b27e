import { useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import type { LabReport, LabVerdictKind } from '../../../../../shared/webhooks/lab'
import { kapso } from '../../../bridge'
import { SavedSecrets } from './SavedSecrets'

const verdictWords: Record<LabVerdictKind, string> = {
  'raw-and-reserialised': 'Matches',
  'raw-only': 'Matches raw bytes only',
  'reserialised-only': 'Matches re-serialised JSON only',
  'no-match': 'No match',
}

/**
 * Expected vs received HMAC for one event, with every candidate secret. The
 * secrets stay in main; this panel only ever holds labels, verdicts and HMACs.
 */
/** Mounted per event (keyed by its id), so another event starts with the lab closed. */
export function SignatureLab(props: { eventId: number }) {
  const [report, setReport] = useState<LabReport | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)

  const run = async () => {
    setBusy(true)
    const result = await kapso['webhooks.lab.inspect']({ eventId: props.eventId })
    setBusy(false)
    if (result.ok) {
      setReport(result.data)
      setError(null)
    } else setError(result.error)
  }

  if (!open) {
    return (
      <div className="row">
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setOpen(true)
            void run()
          }}
        >
          Open signature lab
        </button>
      </div>
    )
  }
  return (
    <section className="lab" aria-labelledby="lab-title" data-testid="signature-lab">
      <header className="lab__header">
        <h3 id="lab-title">Signature lab</h3>
        <button type="button" className="button button--small" onClick={() => void run()} disabled={busy}>
          {busy ? 'Checking…' : 'Check again'}
        </button>
        <button type="button" className="button button--small" onClick={() => setOpen(false)}>
          Close lab
        </button>
      </header>
      {error && (
        <p className="listen__error" role="alert">
          {error.message}
        </p>
      )}
      {report && (
        <>
          <p className="lab__summary" data-testid="lab-summary" role="status">
            {report.summary}
          </p>
          <dl className="facts facts--compact">
            <dt>Received</dt>
            <dd>
              <code className="lab__hmac" data-testid="lab-received">
                {report.received ?? '(no X-Webhook-Signature header)'}
              </code>
            </dd>
            <dt>Re-serialised</dt>
            <dd className="muted">{report.differenceExplanation}</dd>
          </dl>
          {report.candidates.length > 0 && (
            <ul className="lab__candidates" aria-label="Verdict per candidate secret">
              {report.candidates.map((c) => (
                <li
                  key={`${c.source}:${c.label}`}
                  className="lab__candidate"
                  data-testid="lab-candidate"
                  data-verdict={c.verdict}
                >
                  <div className="lab__candidate-head">
                    <strong>{c.label}</strong>
                    {c.source === 'session' && <span className="muted">in memory</span>}
                    <span className={`sig sig--${c.verdict === 'no-match' ? 'invalid' : 'valid'}`}>
                      {verdictWords[c.verdict]}
                    </span>
                  </div>
                  <p className="lab__why">{c.explanation}</p>
                  <dl className="lab__hmacs">
                    <dt>Expected, raw bytes</dt>
                    <dd>
                      <code className={`lab__hmac${c.rawMatch ? ' is-match' : ''}`}>{c.expectedRaw}</code>
                    </dd>
                    {c.expectedReserialised && c.expectedReserialised !== c.expectedRaw && (
                      <>
                        <dt>Expected, re-serialised JSON</dt>
                        <dd>
                          <code className={`lab__hmac${c.reserialisedMatch ? ' is-match' : ''}`}>
                            {c.expectedReserialised}
                          </code>
                        </dd>
                      </>
                    )}
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <SavedSecrets onChange={() => void run()} />
    </section>
  )
}
