import { useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import type { WebhookEventDetail } from '../../../../../shared/webhooks/event'
import { kapso } from '../../../bridge'
import { useWebhookTools } from '../useWebhookTools'
import { AttemptList } from './AttemptList'

/** This event's forwards and replays, a retry for failed ones, and a replay with an optional edited body. */
export function EventForwards(props: { detail: WebhookEventDetail }) {
  const { detail } = props
  const attempts = useWebhookTools((s) => s.attempts)
  const secrets = useWebhookTools((s) => s.secrets)
  const [replaying, setReplaying] = useState(false)
  const [body, setBody] = useState('')
  const [url, setUrl] = useState('')
  const [resignWith, setResignWith] = useState('')
  const [error, setError] = useState<AppErrorData | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void useWebhookTools.getState().loadAttempts(detail.id)
    setReplaying(false)
    setError(null)
  }, [detail.id])

  const retry = async (id: number) => {
    const result = await kapso['webhooks.forwarding.retry']({ id })
    setError(result.ok ? null : result.error)
  }
  const replay = async () => {
    setBusy(true)
    const result = await kapso['webhooks.forwarding.replay']({
      eventId: detail.id,
      ...(body !== detail.rawBody ? { body } : {}),
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(resignWith ? { resignWith } : {}),
    })
    setBusy(false)
    setError(result.ok ? null : result.error)
    if (result.ok) setReplaying(false)
  }

  return (
    <details className="event-detail__section" open={attempts.length > 0 || replaying}>
      <summary>Forwards and replays ({attempts.length})</summary>
      {attempts.length === 0 && (
        <p className="muted">
          Not forwarded yet. Turn forwarding on above, or replay this event to a local URL.
        </p>
      )}
      <AttemptList attempts={attempts} onRetry={(id) => void retry(id)} />
      {error && (
        <p className="listen__error" role="alert">
          {error.message}
        </p>
      )}
      {replaying ? (
        <form
          className="replay"
          onSubmit={(e) => {
            e.preventDefault()
            void replay()
          }}
        >
          <label className="wh-field">
            <span>Body (edit to replay a changed copy; the stored event stays as it was)</span>
            <textarea
              className="replay__body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={8}
              spellCheck={false}
            />
          </label>
          <label className="wh-field">
            <span>URL (empty: the forward target’s route for this event)</span>
            <input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="http://localhost:3000/webhooks"
            />
          </label>
          <label className="wh-field">
            <span>Signature</span>
            <select value={resignWith} onChange={(e) => setResignWith(e.target.value)}>
              <option value="">Keep the original header</option>
              {secrets.map((s) => (
                <option key={s.id} value={s.id}>
                  Re-sign with “{s.label}”
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="submit" className="button button--small button--primary" disabled={busy}>
              {busy ? 'Replaying…' : 'Send replay'}
            </button>
            <button type="button" className="button button--small" onClick={() => setReplaying(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="row">
          <button
            type="button"
            className="button button--small"
            disabled={detail.rawBodyEncoding !== 'utf8'}
            title={detail.rawBodyEncoding !== 'utf8' ? 'Only UTF-8 bodies can be edited' : undefined}
            onClick={() => {
              setBody(detail.rawBody)
              setReplaying(true)
            }}
          >
            Replay…
          </button>
        </div>
      )}
    </details>
  )
}
