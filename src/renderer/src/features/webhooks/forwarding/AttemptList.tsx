import type { ForwardAttempt } from '../../../../../shared/webhooks/forwarding'
import { fullTime } from '../format'

const kindWords: Record<ForwardAttempt['kind'], string> = {
  forward: 'Forward',
  replay: 'Replay',
  trigger: 'Trigger',
}

/** Forward attempts with their answers; a failed one keeps a Retry until it is retried. */
export function AttemptList(props: { attempts: ForwardAttempt[]; onRetry?: (id: number) => void }) {
  return (
    <ol className="attempts" data-testid="forward-attempts">
      {props.attempts.map((a) => (
        <li
          key={a.id}
          className={`attempt attempt--${a.state}`}
          data-testid="forward-attempt"
          data-state={a.state}
        >
          <div className="attempt__line">
            <span
              className={`sig sig--${a.state === 'ok' ? 'valid' : a.state === 'failed' ? 'invalid' : 'unverifiable'}`}
            >
              {a.state === 'pending'
                ? 'Sending…'
                : a.responseStatus !== null
                  ? `HTTP ${a.responseStatus}`
                  : 'No answer'}
            </span>
            <span>
              {kindWords[a.kind]}
              {a.edited && a.kind === 'replay' && ' (edited body)'}
              {a.signing === 'resigned' && ' · re-signed'}
            </span>
            <code className="attempt__url">{a.url}</code>
            <span className="muted">
              {fullTime(a.startedAt)}
              {a.durationMs !== null && ` · ${a.durationMs} ms`}
            </span>
            {a.state === 'failed' && a.retriedBy === null && props.onRetry && (
              <button type="button" className="button button--small" onClick={() => props.onRetry?.(a.id)}>
                Retry
              </button>
            )}
            {a.retriedBy !== null && <span className="tag">retried</span>}
          </div>
          {a.error && <p className="attempt__error">{a.error}</p>}
          {a.responseBody !== null && (
            <details className="attempt__body">
              <summary>Response body ({a.responseBody.length} characters)</summary>
              <pre data-testid="forward-response">{a.responseBody || '(empty)'}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  )
}
