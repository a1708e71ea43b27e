import { useEffect, useState } from 'react'
import type { WebhookStorage } from '../../../../shared/webhooks/session'
import { kapso } from '../../bridge'
import { byteSize } from './format'

/**
 * What the project's event log takes on disk next to its limits: the byte
 * budget (Settings) and the small quota unsigned or wrongly signed
 * deliveries get. Read when shown, after a prune, and every 10 s.
 */
/** Keyed by the budget in the parent, so a changed budget reads the figures again. */
export function StorageUse() {
  const [usage, setUsage] = useState<WebhookStorage | null>(null)
  useEffect(() => {
    let live = true
    const load = () =>
      void kapso['webhooks.storageUsage']().then((r) => {
        if (live && r.ok) setUsage(r.data)
      })
    load()
    const off = kapso.on('webhooks.pruned', load)
    const timer = setInterval(load, 10_000)
    return () => {
      live = false
      off()
      clearInterval(timer)
    }
  }, [])
  if (!usage) return null
  return (
    <p className="muted" data-storage-use>
      Stored now: {byteSize(usage.bytes)} of {byteSize(usage.budgetBytes)} ({usage.events.toLocaleString()}{' '}
      events); unsigned or wrongly signed: {byteSize(usage.unverifiedBytes)} of{' '}
      {byteSize(usage.unverifiedQuotaBytes)}.
    </p>
  )
}
