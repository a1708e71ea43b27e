import { create } from 'zustand'
import type { ApiLogFilters, ApiLogRow } from '../../../../shared/apiLogs/contract'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import { kapso } from '../../bridge'

const BLOCK = 100

export const defaultFilters: ApiLogFilters = { errorsOnly: false, endpoint: '', status: null, period: '24h' }

/** The Logs view: rows read from the cache in blocks as they scroll in; a refresh from Kapso per filter change. */
interface ApiLogsState {
  filters: ApiLogFilters
  total: number
  rows: Map<number, ApiLogRow>
  generation: number
  loading: boolean
  refreshing: boolean
  /** When the cache was last filled from Kapso. */
  asOf: string | null
  /** Why Kapso could not be asked (the cache is shown instead). */
  problem: AppErrorData | null
  /** The cache itself could not be read. */
  error: AppErrorData | null
  setFilters(patch: Partial<ApiLogFilters>): void
  refresh(): Promise<void>
  ensureRange(first: number, last: number): void
}

const inflight = new Set<string>()

export const useApiLogs = create<ApiLogsState>((set, get) => {
  const fetchBlock = async (block: number, generation: number) => {
    const key = `${generation}:${block}`
    if (inflight.has(key)) return
    inflight.add(key)
    const result = await kapso['apiLogs.query']({
      filters: get().filters,
      offset: block * BLOCK,
      limit: BLOCK,
    })
    inflight.delete(key)
    if (get().generation !== generation) return
    if (!result.ok) return set({ error: result.error, loading: false })
    const rows = new Map(get().rows)
    for (const [i, row] of result.data.rows.entries()) rows.set(block * BLOCK + i, row)
    set({ rows, total: result.data.total, asOf: result.data.asOf, loading: false, error: null })
  }
  const reload = () => {
    const generation = get().generation + 1
    set({ generation, rows: new Map() })
    void fetchBlock(0, generation)
  }
  return {
    filters: defaultFilters,
    total: 0,
    rows: new Map(),
    generation: 0,
    loading: true,
    refreshing: false,
    asOf: null,
    problem: null,
    error: null,
    setFilters: (patch) => {
      set({ filters: { ...get().filters, ...patch }, loading: true })
      // What is cached shows at once; Kapso's newest follow.
      reload()
      void get().refresh()
    },
    refresh: async () => {
      const filters = get().filters
      set({ refreshing: true })
      const result = await kapso['apiLogs.refresh']({ filters })
      if (get().filters !== filters) return
      set({ refreshing: false })
      if (!result.ok) return set({ problem: result.error })
      set({ problem: result.data.problem, asOf: result.data.asOf })
      reload()
    },
    ensureRange: (first, last) => {
      const { rows, generation } = get()
      for (let block = Math.floor(first / BLOCK); block <= Math.floor(last / BLOCK); block++) {
        if (!rows.has(block * BLOCK)) void fetchBlock(block, generation)
      }
    },
  }
})
