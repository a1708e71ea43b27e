import { create } from 'zustand'
import type {
  CustomerDetail,
  CustomerFilter,
  CustomerRow,
  CustomerSort,
  FilterCounts,
  OutboxEntry,
  SyncStatus,
} from '../../../../shared/customers/customer'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { UnreadableRecord } from '../../../../shared/kapso/unreadable'
import { kapso } from '../../bridge'

/** Rows are fetched in blocks as they scroll into view; only those on screen (and a margin) are asked for. */
export const BLOCK = 100

interface CustomersState {
  search: string
  sort: CustomerSort
  direction: 'asc' | 'desc'
  filter: CustomerFilter
  /** Bumped on every change of search/sort/filter: answers to older queries are dropped. */
  generation: number
  /** The generation whose rows are on screen (the bench and tests wait on it). */
  loadedGeneration: number
  total: number
  counts: FilterCounts | null
  /** Customers the last sync could not read (shown above the table). */
  unreadable: UnreadableRecord[]
  rows: Map<number, CustomerRow>
  loading: boolean
  error: AppErrorData | null
  status: SyncStatus | null
  cursor: number
  selected: Set<string>
  anchor: number | null
  openId: string | null
  detail: CustomerDetail | null
  detailError: AppErrorData | null
  detailLoading: boolean
  outbox: OutboxEntry[]
  setSearch(search: string): void
  setSort(sort: CustomerSort): void
  setFilter(filter: CustomerFilter): void
  ensureRange(start: number, end: number): void
  reload(): Promise<void>
  setStatus(status: SyncStatus): void
  loadStatus(): Promise<void>
  setCursor(index: number, extend?: boolean): void
  toggleSelected(id: string): void
  clearSelection(): void
  open(id: string | null): Promise<void>
  reloadDetail(): Promise<void>
  loadOutbox(): Promise<void>
}

const inFlight = new Set<string>()

export const useCustomers = create<CustomersState>((set, get) => {
  const fetchBlock = async (block: number, generation: number) => {
    const key = `${generation}:${block}`
    if (inFlight.has(key)) return
    inFlight.add(key)
    const { search, sort, direction, filter } = get()
    const result = await kapso['customers.query']({
      search,
      sort,
      direction,
      filter,
      offset: block * BLOCK,
      limit: BLOCK,
    })
    inFlight.delete(key)
    if (generation !== get().generation) return
    if (!result.ok) {
      set({ error: result.error, loading: false })
      return
    }
    const rows = new Map(get().rows)
    for (const [i, row] of result.data.rows.entries()) rows.set(result.data.offset + i, row)
    set({
      rows,
      total: result.data.total,
      counts: result.data.counts,
      unreadable: result.data.unreadable,
      loading: false,
      error: null,
      loadedGeneration: generation,
    })
  }

  const restart = (patch: Partial<CustomersState>) => {
    const generation = get().generation + 1
    set({ ...patch, generation, rows: new Map(), loading: true, cursor: 0, anchor: null })
    void fetchBlock(0, generation)
  }

  return {
    search: '',
    sort: 'name',
    direction: 'asc',
    filter: 'all',
    generation: 0,
    loadedGeneration: 0,
    total: 0,
    counts: null,
    unreadable: [],
    rows: new Map(),
    loading: true,
    error: null,
    status: null,
    cursor: 0,
    selected: new Set(),
    anchor: null,
    openId: null,
    detail: null,
    detailError: null,
    detailLoading: false,
    outbox: [],

    setSearch: (search) => restart({ search }),
    setSort: (sort) => {
      const { sort: current, direction } = get()
      // Same column again flips the direction; name sorts A→Z first, dates newest first.
      const next =
        current === sort ? (direction === 'asc' ? 'desc' : 'asc') : sort === 'name' ? 'asc' : 'desc'
      restart({ sort, direction: next })
    },
    setFilter: (filter) => restart({ filter }),

    ensureRange: (start, end) => {
      const { generation, rows, total } = get()
      const last = Math.min(end, total - 1)
      for (let block = Math.floor(Math.max(0, start) / BLOCK); block * BLOCK <= last; block++) {
        if (!rows.has(block * BLOCK)) void fetchBlock(block, generation)
      }
    },

    /** The data changed underneath (sync, writes): refetch what is loaded, keeping rows on screen until then. */
    reload: async () => {
      const generation = get().generation + 1
      const loadedBlocks = new Set([...get().rows.keys()].map((i) => Math.floor(i / BLOCK)))
      if (!loadedBlocks.size) loadedBlocks.add(0)
      // The rows on screen stay until their fresh versions arrive, so nothing flickers.
      set({ generation })
      const blocks = [...loadedBlocks].sort((a, b) => a - b).slice(0, 6)
      const fresh = new Map<number, CustomerRow>()
      for (const block of blocks) {
        const { search, sort, direction, filter } = get()
        const result = await kapso['customers.query']({
          search,
          sort,
          direction,
          filter,
          offset: block * BLOCK,
          limit: BLOCK,
        })
        if (generation !== get().generation) return
        if (!result.ok) {
          set({ error: result.error })
          return
        }
        for (const [i, row] of result.data.rows.entries()) fresh.set(result.data.offset + i, row)
        set({ total: result.data.total, counts: result.data.counts, unreadable: result.data.unreadable })
      }
      set({
        rows: fresh,
        loading: false,
        error: null,
        loadedGeneration: generation,
        cursor: Math.min(get().cursor, Math.max(0, get().total - 1)),
      })
    },

    setStatus: (status) => set({ status }),
    loadStatus: async () => {
      const result = await kapso['customers.syncStatus']()
      if (result.ok) set({ status: result.data })
    },

    setCursor: (index, extend = false) => {
      const { total, rows, anchor, selected } = get()
      const cursor = Math.max(0, Math.min(total - 1, index))
      if (!extend) {
        set({ cursor, anchor: null })
        return
      }
      const from = anchor ?? get().cursor
      const next = new Set(selected)
      for (let i = Math.min(from, cursor); i <= Math.max(from, cursor); i++) {
        const row = rows.get(i)
        if (row) next.add(row.id)
      }
      set({ cursor, anchor: from, selected: next })
    },
    toggleSelected: (id) => {
      const next = new Set(get().selected)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      set({ selected: next })
    },
    clearSelection: () => set({ selected: new Set(), anchor: null }),

    open: async (id) => {
      set({ openId: id, detail: null, detailError: null, detailLoading: id !== null })
      if (!id) return
      const cached = await kapso['customers.get']({ id })
      if (get().openId !== id) return
      if (cached.ok) set({ detail: cached.data })
      else set({ detailError: cached.error })
      // Setup links and numbers only Kapso knows: fetched on open, the cached detail shows meanwhile.
      const fresh = await kapso['customers.refreshDetail']({ id })
      if (get().openId !== id) return
      if (fresh.ok) set({ detail: fresh.data, detailError: null, detailLoading: false })
      else if (fresh.error.code === 'not_found')
        set({ detail: null, detailError: fresh.error, detailLoading: false })
      else set({ detailLoading: false })
    },
    reloadDetail: async () => {
      const id = get().openId
      if (!id) return
      const cached = await kapso['customers.get']({ id })
      if (get().openId !== id) return
      if (cached.ok) set({ detail: cached.data })
    },
    loadOutbox: async () => {
      const result = await kapso['customers.listOutbox']()
      if (result.ok) set({ outbox: result.data })
    },
  }
})
