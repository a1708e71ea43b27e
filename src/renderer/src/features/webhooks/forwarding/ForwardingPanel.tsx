import { useEffect, useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import type { ForwardRoute, ForwardSettings } from '../../../../../shared/webhooks/forwarding'
import { catalogEvents } from '../../../../../shared/webhooks/trigger'
import { useWebhookTools } from '../useWebhookTools'

/** `stripe listen --forward-to`, with routes by event type and an optional re-signing secret. */
export function ForwardingPanel() {
  const saved = useWebhookTools((s) => s.forwarding)
  const secrets = useWebhookTools((s) => s.secrets)
  const [draft, setDraft] = useState<ForwardSettings | null>(saved)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [done, setDone] = useState(false)
  useEffect(() => setDraft(saved), [saved])
  if (!draft) return null

  const patch = (p: Partial<ForwardSettings>) => {
    setDraft({ ...draft, ...p })
    setDone(false)
  }
  const setRoute = (i: number, r: Partial<ForwardRoute>) =>
    patch({ routes: draft.routes.map((x, j) => (j === i ? { ...x, ...r } : x)) })
  const save = async (next: ForwardSettings = draft) => {
    const failure = await useWebhookTools.getState().saveForwarding(next)
    setError(failure)
    setDone(failure === null)
  }
  // Main names a host that is not this computer; forwards go there only after the person allows it here.
  const confirmHost = error?.fields?.confirmHost?.[0] ?? null
  const fieldErrors = error?.fields
    ? Object.entries(error.fields).filter(([path]) => path !== 'confirmHost')
    : []

  return (
    <form
      className="tool-form"
      aria-label="Forwarding"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label className="tool-form__check">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => patch({ enabled: e.target.checked })}
        />
        Forward every event as it arrives
      </label>
      <label className="wh-field">
        <span>Forward to (http or https)</span>
        <input
          value={draft.target}
          onChange={(e) => patch({ target: e.target.value })}
          placeholder="http://localhost:3000/webhooks"
          data-testid="forward-target"
        />
      </label>
      <fieldset className="tool-form__routes">
        <legend>Routes by event type (other events go to the URL above)</legend>
        {draft.routes.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: routes are edited in place; position is their identity
          <div className="row" key={i}>
            <select
              aria-label={`Route ${i + 1} event type`}
              value={r.eventType}
              onChange={(e) => setRoute(i, { eventType: e.target.value })}
            >
              {catalogEvents.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <input
              aria-label={`Route ${i + 1} path`}
              value={r.path}
              onChange={(e) => setRoute(i, { path: e.target.value })}
              placeholder="/hooks/messages"
            />
            <button
              type="button"
              className="button button--small"
              aria-label={`Remove route ${i + 1}`}
              onClick={() => patch({ routes: draft.routes.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          onClick={() => patch({ routes: [...draft.routes, { eventType: catalogEvents[0], path: '/' }] })}
        >
          Add route
        </button>
      </fieldset>
      <label className="wh-field">
        <span>Signature on forwards</span>
        <select
          value={draft.signing.mode === 'resign' ? draft.signing.secretId : ''}
          onChange={(e) =>
            patch({
              signing: e.target.value ? { mode: 'resign', secretId: e.target.value } : { mode: 'original' },
            })
          }
        >
          <option value="">Keep Kapso’s original header</option>
          {secrets.map((s) => (
            <option key={s.id} value={s.id}>
              Re-sign with “{s.label}”
            </option>
          ))}
        </select>
      </label>
      {draft.allowedHosts.length > 0 && (
        <div className="row">
          <span className="muted">Also allowed besides this computer:</span>
          {draft.allowedHosts.map((host) => (
            <button
              key={host}
              type="button"
              className="button button--small"
              aria-label={`Stop allowing ${host}`}
              onClick={() => patch({ allowedHosts: draft.allowedHosts.filter((h) => h !== host) })}
            >
              {host} ✕
            </button>
          ))}
        </div>
      )}
      {confirmHost && (
        <div className="listen__error" role="alertdialog" aria-label={`Allow ${confirmHost}?`}>
          <p>
            Allow forwards to <strong>{confirmHost}</strong>? It is not this computer: every forwarded,
            replayed or triggered event, with its signature, would be sent to it over the network.
          </p>
          <div className="row">
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => {
                const next = { ...draft, allowedHosts: [...draft.allowedHosts, confirmHost] }
                setDraft(next)
                void save(next)
              }}
            >
              Allow {confirmHost} and save
            </button>
            <button type="button" className="button button--small" onClick={() => setError(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div className="row">
        <button type="submit" className="button button--small button--primary">
          Save forwarding
        </button>
        {done && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
      </div>
      {error && (
        <div className="listen__error" role="alert">
          {fieldErrors.length
            ? fieldErrors.map(([path, messages]) => <p key={path}>{messages.join(' ')}</p>)
            : error.message}
        </div>
      )}
    </form>
  )
}
