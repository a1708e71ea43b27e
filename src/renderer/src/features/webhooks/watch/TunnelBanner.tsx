import { useState } from 'react'
import type { AppErrorData } from '../../../../../shared/ipc/errors'
import { kapso } from '../../../bridge'
import { useListenSession } from '../useListenSession'

/**
 * When the tunnel dies the watch reopens it; a quick tunnel then lives at a new
 * URL. Kapso keeps sending to the old one until the person agrees here.
 */
export function TunnelBanner() {
  const status = useListenSession((s) => s.status)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppErrorData | null>(null)
  if (
    !status ||
    (!status.pendingWebhookUrl && !(status.registered.length && status.tunnel.state === 'error'))
  )
    return null
  const run = async (call: 'webhooks.reconnectTunnel' | 'webhooks.adoptTunnelUrl') => {
    setBusy(true)
    const result = await kapso[call]()
    setBusy(false)
    if (result.ok) {
      useListenSession.getState().setStatus(result.data)
      setError(null)
    } else setError(result.error)
  }
  return (
    <div className="callout callout--warning gap-banner" role="alert" data-testid="tunnel-banner">
      {status.pendingWebhookUrl ? (
        <p>
          <strong>The tunnel came back at a new URL</strong> (<code>{status.pendingWebhookUrl}</code>), but
          Kapso still sends to <code>{status.webhookUrl}</code>. Update the registered webhook
          {status.registered.length > 1 ? 's' : ''} and send a test event through the new URL?
        </p>
      ) : (
        <p>
          <strong>The tunnel is down</strong>: {status.tunnel.message ?? 'it stopped'}. Kapso’s deliveries
          fail until it is back; the console retries on its own every 30 s, or now:
        </p>
      )}
      <div className="row">
        {status.pendingWebhookUrl ? (
          <button
            type="button"
            className="button button--small button--primary"
            disabled={busy}
            onClick={() => void run('webhooks.adoptTunnelUrl')}
          >
            {busy ? 'Updating and testing…' : 'Update webhook and send a test'}
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => void run('webhooks.reconnectTunnel')}
          >
            {busy ? 'Reconnecting…' : 'Reconnect the tunnel'}
          </button>
        )}
      </div>
      {error && <p className="listen__error">{error.message}</p>}
    </div>
  )
}
