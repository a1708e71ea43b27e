import type { AppErrorData } from '../../../shared/ipc/errors'

const headlines: Partial<Record<AppErrorData['code'], string>> = {
  offline: 'Cannot reach the console service',
  keychain_unavailable: 'The keychain is not available',
  validation: 'The request was refused',
  internal: 'Something went wrong',
}

export function ErrorState(props: { error: AppErrorData; onRetry?: () => void }) {
  return (
    <div className="error-state" role="alert">
      <h2>{headlines[props.error.code] ?? 'That did not work'}</h2>
      <p>{props.error.message}</p>
      <p className="muted">
        Error code: <code>{props.error.code}</code>
      </p>
      {props.onRetry && (
        <button type="button" className="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
