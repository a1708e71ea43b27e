import { create } from 'zustand'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { ForwardAttempt, ForwardSettings } from '../../../../shared/webhooks/forwarding'
import type { SavedSecret } from '../../../../shared/webhooks/lab'
import type { WatchStatus } from '../../../../shared/webhooks/watch'
import { kapso } from '../../bridge'

export type WebhooksTab = 'events' | 'deliveries'

interface ToolsState {
  tab: WebhooksTab
  forwarding: ForwardSettings | null
  secrets: SavedSecret[]
  /** Failed forwards nobody retried yet, for the badge. */
  failedUnretried: number
  /** Attempts of the open event, newest first. */
  attempts: ForwardAttempt[]
  attemptsFor: number | null
  error: AppErrorData | null
  /** Deafness and the last gap, for the banner. */
  watch: WatchStatus | null
  setTab(tab: WebhooksTab): void
  load(): Promise<void>
  saveForwarding(next: ForwardSettings): Promise<AppErrorData | null>
  saveSecret(label: string, secret: string): Promise<AppErrorData | null>
  removeSecret(id: string): Promise<void>
  loadAttempts(eventId: number | null): Promise<void>
  /** A forward, replay or trigger started or finished somewhere. */
  forwarded(items: ForwardAttempt[]): void
}

export const useWebhookTools = create<ToolsState>((set, get) => ({
  tab: 'events',
  forwarding: null,
  secrets: [],
  failedUnretried: 0,
  attempts: [],
  attemptsFor: null,
  error: null,
  watch: null,
  setTab: (tab) => set({ tab }),
  load: async () => {
    const [forwarding, secrets, recent, watch] = await Promise.all([
      kapso['webhooks.forwarding.getSettings'](),
      kapso['webhooks.lab.listSecrets'](),
      kapso['webhooks.forwarding.recent'](),
      kapso['webhooks.watch.getStatus'](),
    ])
    if (watch.ok) set({ watch: watch.data })
    if (forwarding.ok) set({ forwarding: forwarding.data })
    if (secrets.ok) set({ secrets: secrets.data })
    if (recent.ok) set({ failedUnretried: recent.data.failedUnretried })
    const failed = [forwarding, secrets, recent].find((r) => !r.ok)
    set({ error: failed && !failed.ok ? failed.error : null })
  },
  saveForwarding: async (next) => {
    const result = await kapso['webhooks.forwarding.updateSettings'](next)
    if (!result.ok) return result.error
    set({ forwarding: result.data })
    return null
  },
  saveSecret: async (label, secret) => {
    const result = await kapso['webhooks.lab.saveSecret']({ label, secret })
    if (!result.ok) return result.error
    const list = await kapso['webhooks.lab.listSecrets']()
    if (list.ok) set({ secrets: list.data })
    return null
  },
  removeSecret: async (id) => {
    const result = await kapso['webhooks.lab.removeSecret']({ id })
    if (result.ok) set({ secrets: result.data })
  },
  loadAttempts: async (eventId) => {
    set({ attemptsFor: eventId, attempts: [] })
    if (eventId === null) return
    const result = await kapso['webhooks.forwarding.forEvent']({ eventId })
    if (result.ok && get().attemptsFor === eventId) set({ attempts: result.data })
  },
  forwarded: (items) => {
    const { attemptsFor } = get()
    let attempts = get().attempts
    for (const a of items) {
      if (attemptsFor === null || a.eventId !== attemptsFor) continue
      const i = attempts.findIndex((x) => x.id === a.id)
      attempts = i >= 0 ? attempts.map((x) => (x.id === a.id ? a : x)) : [a, ...attempts]
      // A retry marks the attempt it retried.
      if (a.retryOf !== null)
        attempts = attempts.map((x) => (x.id === a.retryOf ? { ...x, retriedBy: a.id } : x))
    }
    set({ attempts })
    if (items.some((a) => a.state !== 'pending')) {
      void kapso['webhooks.forwarding.recent']().then((r) => {
        if (r.ok) set({ failedUnretried: r.data.failedUnretried })
      })
    }
  },
}))
