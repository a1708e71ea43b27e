import { ForwardingPanel } from './forwarding/ForwardingPanel'
import { RecentAttempts } from './forwarding/RecentAttempts'
import { SavedSecrets } from './lab/SavedSecrets'
import { TriggerPanel } from './trigger/TriggerPanel'
import { useWebhookTools } from './useWebhookTools'

/** Forwarding, trigger and saved secrets, folded away until wanted. */
export function ToolsPanel() {
  const forwarding = useWebhookTools((s) => s.forwarding)
  const failed = useWebhookTools((s) => s.failedUnretried)
  return (
    <section className="tools" aria-label="Webhook tools">
      <details className="tools__item">
        <summary>
          Forward to localhost{' '}
          <span className="muted">
            {forwarding?.enabled && forwarding.target ? `→ ${forwarding.target}` : '(off)'}
          </span>
          {failed > 0 && (
            <span className="tag tag--warning" data-testid="failed-forwards">
              {failed} failed
            </span>
          )}
        </summary>
        <ForwardingPanel />
        <RecentAttempts />
      </details>
      <details className="tools__item">
        <summary>Trigger a sample event</summary>
        <TriggerPanel />
      </details>
      <details className="tools__item">
        <summary>Secrets</summary>
        <SavedSecrets />
      </details>
    </section>
  )
}
