import type { EventItem, EventName } from '../../shared/ipc/contract'

export type BatchListener = (event: EventName, items: unknown[]) => void

export interface EventHubOptions {
  /** How long items of one event may wait to share a message (a burst becomes one). */
  windowMs?: number
  /** A batch is sent at once when it reaches this size. */
  maxBatch?: number
}

/**
 * Main → renderer events. Services `emit` single items; transports receive
 * batches, so 1,000 webhook events a second arrive as ~20 messages, not 1,000.
 */
export class EventHub {
  private readonly pending = new Map<EventName, unknown[]>()
  private readonly listeners = new Set<BatchListener>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly windowMs: number
  private readonly maxBatch: number

  constructor(options: EventHubOptions = {}) {
    this.windowMs = options.windowMs ?? 50
    this.maxBatch = options.maxBatch ?? 500
  }

  emit<K extends EventName>(event: K, item: EventItem<K>): void {
    const list = this.pending.get(event) ?? []
    list.push(item)
    this.pending.set(event, list)
    if (list.length >= this.maxBatch) this.flushEvent(event)
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.windowMs)
  }

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    for (const event of [...this.pending.keys()]) this.flushEvent(event)
  }

  private flushEvent(event: EventName): void {
    const items = this.pending.get(event)
    this.pending.delete(event)
    if (!items?.length) return
    for (const listener of this.listeners) listener(event, items)
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
    this.listeners.clear()
  }
}
