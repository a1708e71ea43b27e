import { useId, useState } from 'react'
import { useWebhookTools } from '../useWebhookTools'

/**
 * Candidate secrets (e.g. old and new during a rotation). The value goes to the
 * OS keychain through main and is never shown again; only its name is listed.
 */
export function SavedSecrets(props: { onChange?: () => void }) {
  const secrets = useWebhookTools((s) => s.secrets)
  const [label, setLabel] = useState('')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const save = async () => {
    const failure = await useWebhookTools.getState().saveSecret(label, secret)
    if (failure) {
      setError(failure.fields ? Object.values(failure.fields).flat().join(' ') : failure.message)
      return
    }
    setLabel('')
    setSecret('')
    setError(null)
    props.onChange?.()
  }
  return (
    <div className="secrets" data-testid="saved-secrets">
      <h4>Saved secrets</h4>
      {secrets.length === 0 ? (
        <p className="muted">
          None yet. Save a tenant’s webhook secret (or both, during a rotation) to check their deliveries,
          re-sign forwards and sign triggers. It is kept in the OS keychain and never shown again.
        </p>
      ) : (
        <ul className="secrets__list">
          {secrets.map((s) => (
            <li key={s.id}>
              <span>{s.label}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Remove secret ${s.label}`}
                onClick={() =>
                  void useWebhookTools
                    .getState()
                    .removeSecret(s.id)
                    .then(() => props.onChange?.())
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="secrets__form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label className="wh-field">
          <span>Name</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="tenant prod (old)" />
        </label>
        <label className="wh-field">
          <span>Secret</span>
          <input
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </label>
        <button type="submit" className="button button--small" disabled={!label.trim() || !secret}>
          Save secret
        </button>
      </form>
      {error && (
        <p className="listen__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
