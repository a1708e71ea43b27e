import { create } from 'zustand'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type {
  EventFilter,
  Facets,
  WebhookEventDetail,
  WebhookEventSummary,
} from '../../../../shared/webhooks/event'
import { kapso } from '../../bridge'

/** Rows held in memory; older ones are paged in again when scrolled to. */
export const MAX_LOADED = 20_000
const PAGE = 500

interface EventsState {
  events: WebhookEventSummary[]
  total: number
  hasOlder: boolean
  filter: EventFilter
  loading: boolean
  error: AppErrorData | null
  facets: Facets | null
  selectedId: number | null
  openId: number | null
  detail: WebhookEventDetail | null
  detailError: AppErrorData | null
  /** Auto-scroll to the newest event; off while the person reads. */
  follow: boolean
  /** Rows added at the top by the last older-page load (the list keeps its place with this). */
  prepended: number
  load(): Promise<void>
  loadOlder(): Promise<void>
  setFilter(patch: Partial<EventFilter>): void
  clearFilter(): void
  received(items: WebhookEventSummary[]): void
  select(id: number | null): void
  open(id: number | null): Promise<void>
  setFollow(follow: boolean): void
  clear(): Promise<void>
  loadFacets(): Promise<void>
}

export function filterActive(filter: EventFilter): boolean {
  return Object.values(filter).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''))
}

let generation = 0
let catchingUp = false
let catchUpAgain = false

export const useWebhookEvents = create<EventsState>((set, get) => ({
  events: [],
  total: 0,
  hasOlder: false,
  filter: {},
  loading: false,
  error: null,
  facets: null,
  selectedId: null,
  openId: null,
  detail: null,
  detailError: null,
  follow: true,
  prepended: 0,

  load: async () => {
    const mine = ++generation
    set({ loading: true, error: null })
    const result = await kapso['webhooks.listEvents']({ filter: get().filter, limit: PAGE })
    if (mine !== generation) return
    if (!result.ok) {
      set({ loading: false, error: result.error })
      return
    }
    set({
      loading: false,
      events: result.data.events,
      total: result.data.total,
      hasOlder: result.data.hasOlder,
      prepended: 0,
    })
    // Events stored after that answer was read, but announced before it arrived, would be missing: fetch them.
    void catchUp()
  },

  loadOlder: async () => {
    const { events, hasOlder, loading, filter } = get()
    if (!hasOlder || loading || !events.length) return
    const mine = generation
    set({ loading: true })
    const result = await kapso['webhooks.listEvents']({ filter, beforeId: events[0]!.id, limit: PAGE })
    if (mine !== generation) return
    if (!result.ok) {
      set({ loading: false, error: result.error })
      return
    }
    const older = result.data.events
    set((s) => ({
      loading: false,
      events: [...older, ...s.events],
      hasOlder: result.data.hasOlder,
      prepended: older.length,
    }))
  },

  setFilter: (patch) => {
    set((s) => ({ filter: { ...s.filter, ...patch } }))
    void get().load()
  },

  clearFilter: () => {
    set({ filter: {} })
    void get().load()
  },

  received: (items) => {
    const s = get()
    const known = s.facets
    if (known) {
      const types = new Set(known.eventTypes)
      const phones = new Set(known.phoneNumberIds)
      const fresh = items.some(
        (e) => (e.eventType && !types.has(e.eventType)) || (e.phoneNumberId && !phones.has(e.phoneNumberId)),
      )
      if (fresh) void get().loadFacets()
    }
    if (filterActive(s.filter)) {
      // The database decides what matches (full-text included): fetch what is new since the last row.
      void catchUp()
      return
    }
    const last = s.events.at(-1)?.id ?? 0
    const fresh = items.filter((e) => e.id > last)
    if (!fresh.length) return
    let events = s.events.concat(fresh)
    let hasOlder = s.hasOlder
    if (events.length > MAX_LOADED) {
      events = events.slice(events.length - MAX_LOADED)
      hasOlder = true
    }
    set({ events, hasOlder, total: s.total + fresh.length, prepended: 0 })
  },

  select: (id) => set({ selectedId: id }),

  open: async (id) => {
    set({ openId: id, selectedId: id ?? get().selectedId, detail: null, detailError: null })
    if (id === null) return
    const result = await kapso['webhooks.getEvent']({ id })
    if (get().openId !== id) return
    if (result.ok) set({ detail: result.data })
    else set({ detailError: result.error })
  },

  setFollow: (follow) => set({ follow }),

  clear: async () => {
    const result = await kapso['webhooks.clear']()
    if (!result.ok) set({ error: result.error })
  },

  loadFacets: async () => {
    const result = await kapso['webhooks.facets']()
    if (result.ok) set({ facets: result.data })
  },
}))

async function catchUp(): Promise<void> {
  if (catchingUp) {
    catchUpAgain = true
    return
  }
  catchingUp = true
  try {
    do {
      catchUpAgain = false
      const mine = generation
      const { events, filter } = useWebhookEvents.getState()
      const last = events.at(-1)?.id
      const result = await kapso['webhooks.listEvents']({
        filter,
        ...(last === undefined ? {} : { afterId: last }),
        limit: 1000,
      })
      if (!result.ok || mine !== generation) break
      const fresh = result.data.events
      if (fresh.length) {
        useWebhookEvents.setState((s) => {
          let next = s.events.concat(fresh.filter((e) => e.id > (s.events.at(-1)?.id ?? 0)))
          if (next.length > MAX_LOADED) next = next.slice(next.length - MAX_LOADED)
          return { events: next, total: result.data.total, prepended: 0 }
        })
      }
      if (fresh.length === 1000) catchUpAgain = true
    } while (catchUpAgain)
  } finally {
    catchingUp = false
  }
}
