import type { Core } from '../core/createCore'
import type { Logger } from '../log/logger'

/**
 * After the machine sleeps, the webhook listen session checks at once whether
 * it missed deliveries. Electron's `powerMonitor` is passed in so this runs
 * under plain Node in tests/unit/electron/resumeHook.test.ts.
 */
export function checkWebhooksOnResume(
  // Electron's powerMonitor satisfies this (src/main/index.ts passes it); so does a Node EventEmitter.
  powerMonitor: {
    on(event: 'resume', listener: () => void): unknown
    removeListener(event: 'resume', listener: () => void): unknown
  },
  webhooks: Pick<Core['webhooks'], 'resumed'>,
  log: Pick<Logger, 'info'>,
): () => void {
  const onResume = () => {
    log.info('system resumed from sleep; checking the webhook session')
    webhooks.resumed()
  }
  powerMonitor.on('resume', onResume)
  return () => {
    powerMonitor.removeListener('resume', onResume)
  }
}
