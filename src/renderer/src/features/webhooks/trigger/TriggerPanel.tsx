import { useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import type { ForwardAttempt } from '../../../../../shared/webhooks/forwarding'
import { catalogEvents, type TriggerInput } from '../../../../../shared/webhooks/trigger'
import { kapso } from '../../../bridge'
import { AttemptList } from '../forwarding/AttemptList'
import { useWebhookEvents } from '../useWebhookEvents'
import { useWebhookTools } from '../useWebhookTools'

/** Sends a realistic, correctly signed sample of any catalogued event. */
export function TriggerPanel() {
  const secrets = useWebhookTools((s) => s.secrets)
  // Customers seen in events so far, to pick one for a realistic sample.
  const facets = useWebhookEvents((s) => s.facets)
  const customers = facets?.customers ?? []
  const [eventType, setEventType] = useState<TriggerInput['eventType']>('whatsapp.phone_number.created')
  const [customerId, setCustomerId] = useState('')
  const [batchSize, setBatchSize] = useState(1)
  const [destination, setDestination] = useState<TriggerInput['destination']>('receiver')
  const [url, setUrl] = useState('')
  const [secretId, setSecretId] = useState('')
  const [result, setResult] = useState<ForwardAttempt | null>(null)
  const [error, setError] = useState<AppErrorData | null>(null)
  const [busy, setBusy] = useState(false)
  const batchable = eventType.startsWith('whatsapp.message.')

  const send = async () => {
    setBusy(true)
    const r = await kapso['webhooks.trigger']({
      eventType,
      destination,
      ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
      ...(batchable && batchSize > 1 ? { batchSize } : {}),
      ...(destination === 'forward' && url.trim() ? { url: url.trim() } : {}),
      ...(secretId ? { secretId } : {}),
    })
    setBusy(false)
    setResult(r.ok ? r.data : null)
    setError(r.ok ? null : r.error)
  }

  return (
    <form
      className="tool-form"
      aria-label="Trigger"
      onSubmit={(e) => {
        e.preventDefault()
        void send()
      }}
    >
      <div className="row">
        <label className="wh-field">
          <span>Event</span>
          <select
            value={eventType}
            onChange={(e) => setEventType(e.target.value as TriggerInput['eventType'])}
            data-testid="trigger-event"
          >
            {catalogEvents.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="wh-field">
          <span>Customer id (optional)</span>
          <input
            value={customerId}
            list="trigger-customers"
            onChange={(e) => setCustomerId(e.target.value)}
          />
          <datalist id="trigger-customers">
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name ?? c.id}
              </option>
            ))}
          </datalist>
        </label>
        {batchable && (
          <label className="wh-field wh-field__number">
            <span>Batch of</span>
            <input
              type="number"
              min={1}
              max={50}
              value={batchSize}
              onChange={(e) => setBatchSize(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
            />
          </label>
        )}
      </div>
      <div className="row">
        <label className="wh-field">
          <span>Send to</span>
          <select
            value={destination}
            onChange={(e) => setDestination(e.target.value as TriggerInput['destination'])}
            data-testid="trigger-destination"
          >
            <option value="receiver">This console’s receiver (then forwarded if on)</option>
            <option value="forward">The forward target, or a URL</option>
          </select>
        </label>
        {destination === 'forward' && (
          <label className="wh-field">
            <span>URL (empty: the forward target’s route)</span>
            <input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="http://localhost:3000/webhooks"
            />
          </label>
        )}
        <label className="wh-field">
          <span>Sign with</span>
          <select value={secretId} onChange={(e) => setSecretId(e.target.value)}>
            <option value="">The listen session’s secret</option>
            {secrets.map((s) => (
              <option key={s.id} value={s.id}>
                “{s.label}”
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <button type="submit" className="button button--small button--primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send sample'}
        </button>
      </div>
      {error && (
        <p className="listen__error" role="alert">
          {error.message}
        </p>
      )}
      {result && <AttemptList attempts={[result]} />}
    </form>
  )
}
