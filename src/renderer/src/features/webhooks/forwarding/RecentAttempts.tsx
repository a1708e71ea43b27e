import { useCallback, useEffect, useState } from 'react'
import type { ForwardAttempt } from '../../../../../shared/webhooks/forwarding'
import { kapso } from '../../../bridge'
import { useWebhookTools } from '../useWebhookTools'
import { AttemptList } from './AttemptList'

/** The last 100 forwards, replays and triggers; failed ones keep their Retry here too. */
export function RecentAttempts() {
  const [attempts, setAttempts] = useState<ForwardAttempt[]>([])
  const failed = useWebhookTools((s) => s.failedUnretried)
  const [busy, setBusy] = useState(false)
  const reload = useCallback(async () => {
    const r = await kapso['webhooks.forwarding.recent']()
    if (r.ok) {
      setAttempts(r.data.attempts)
      useWebhookTools.setState({ failedUnretried: r.data.failedUnretried })
    }
  }, [])
  useEffect(() => {
    void reload()
    return kapso.on('webhooks.forwarded', (items) => {
      if (items.some((a) => a.state !== 'pending')) void reload()
    })
  }, [reload])
  const retry = async (id: number) => {
    await kapso['webhooks.forwarding.retry']({ id })
  }
  const retryAll = async () => {
    setBusy(true)
    for (const a of attempts.filter((x) => x.state === 'failed' && x.retriedBy === null)) await retry(a.id)
    setBusy(false)
  }
  if (!attempts.length) return <p className="muted">No forwards yet.</p>
  return (
    <div className="recent-attempts" data-testid="recent-attempts">
      <div className="row">
        <h4>Recent attempts</h4>
        {failed > 0 && (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => void retryAll()}
          >
            {busy ? 'Retrying…' : `Retry failed (${failed})`}
          </button>
        )}
      </div>
      <AttemptList attempts={attempts} onRetry={(id) => void retry(id)} />
    </div>
  )
}
