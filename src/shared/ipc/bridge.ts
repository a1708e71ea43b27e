import type { CallInput, CallName, CallOutput, EventItem, EventName } from './contract'
import type { AppErrorData, Result } from './errors'

/**
 * What the renderer sees as `window.kapso`: one typed function per call and a
 * single `on` for events. Built by the preload (Electron) or by the WebSocket
 * bridge (web preview); both have exactly this shape.
 */
export type KapsoBridge = {
  [K in CallName]: (input?: CallInput<K>) => Promise<Result<CallOutput<K>>>
} & {
  on<K extends EventName>(event: K, listener: (items: EventItem<K>[]) => void): () => void
  /** Which transport carries the contract, shown in About. */
  readonly transport: 'electron' | 'web-preview'
}

export type { AppErrorData, Result }
