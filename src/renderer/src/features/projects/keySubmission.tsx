import type { AppErrorData, Result } from '../../../../shared/ipc/errors'

export interface KeyChoices {
  onUnreachable: 'ask' | 'save'
  storage: 'keychain' | 'session'
}

/**
 * What the form shows after main answered a key submission. The two
 * follow-up choices (save although Kapso was unreachable; keep the key for
 * this session because the keychain is unavailable) re-send with a flag.
 */
export type KeyOutcome =
  | { kind: 'idle' }
  | { kind: 'saved' }
  | { kind: 'rejected'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'keychain'; message: string }
  | { kind: 'invalid'; message: string; fields: Record<string, string[]> }
  | { kind: 'failed'; message: string }

export function outcomeOf(result: Result<unknown>): KeyOutcome {
  if (result.ok) return { kind: 'saved' }
  const error: AppErrorData = result.error
  switch (error.code) {
    case 'unauthorized':
      return { kind: 'rejected', message: error.message }
    case 'offline':
      return { kind: 'unreachable', message: error.message }
    case 'keychain_unavailable':
      return { kind: 'keychain', message: error.message }
    case 'validation':
      return { kind: 'invalid', message: error.message, fields: error.fields ?? {} }
    default:
      return { kind: 'failed', message: error.message }
  }
}

export function KeyOutcomeBanner(props: {
  outcome: KeyOutcome
  onChoose(choice: Partial<KeyChoices>): void
  busy: boolean
}) {
  const { outcome } = props
  if (outcome.kind === 'rejected' || outcome.kind === 'failed') {
    return (
      <p className="callout callout--error" role="alert">
        {outcome.message}
      </p>
    )
  }
  if (outcome.kind === 'unreachable') {
    return (
      <div className="callout callout--warning" role="alert">
        <p>{outcome.message}</p>
        <button
          type="button"
          className="button button--small"
          disabled={props.busy}
          onClick={() => props.onChoose({ onUnreachable: 'save' })}
        >
          Save anyway
        </button>
      </div>
    )
  }
  if (outcome.kind === 'keychain') {
    return (
      <div className="callout callout--warning" role="alert">
        <p>{outcome.message}</p>
        <button
          type="button"
          className="button button--small"
          disabled={props.busy}
          onClick={() => props.onChoose({ storage: 'session' })}
        >
          Keep the key for this session only
        </button>
        <p className="muted">
          It is held in memory and forgotten when the console quits. It is never written to a file.
        </p>
      </div>
    )
  }
  return null
}
