import { create } from 'zustand'
import type { AppErrorData } from '../../../../shared/ipc/errors'
import type { UnreadableRecord } from '../../../../shared/kapso/unreadable'
import type { PhoneNumberRow } from '../../../../shared/phoneNumbers/contract'
import { kapso } from '../../bridge'

const BLOCK = 100

/** The phone numbers list: rows fetched from the cache in blocks as they scroll into view. */
interface PhoneNumbersState {
  search: string
  total: number
  cached: number
  /** Numbers the last sync could not read (shown above the list). */
  unreadable: UnreadableRecord[]
  rows: Map<number, PhoneNumberRow>
  generation: number
  loading: boolean
  error: AppErrorData | null
  cursor: number
  selectedId: string | null
  setSearch(search: string): void
  ensureRange(first: number, last: number): void
  reload(): void
  setCursor(index: number): void
  select(id: string | null): void
  /** A health check just answered: the row shows it without a refetch. */
  patchHealth(id: string, health: string): void
}

const inflight = new Set<string>()

export const usePhoneNumbers = create<PhoneNumbersState>((set, get) => {
  const fetchBlock = async (block: number, generation: number) => {
    const key = `${generation}:${block}`
    if (inflight.has(key)) return
    inflight.add(key)
    const result = await kapso['phoneNumbers.query']({
      search: get().search,
      offset: block * BLOCK,
      limit: BLOCK,
    })
    inflight.delete(key)
    if (get().generation !== generation) return
    if (!result.ok) return set({ error: result.error, loading: false })
    const rows = new Map(get().rows)
    for (const [i, row] of result.data.rows.entries()) rows.set(block * BLOCK + i, row)
    set({
      rows,
      total: result.data.total,
      cached: result.data.cached,
      unreadable: result.data.unreadable,
      loading: false,
      error: null,
    })
  }
  return {
    search: '',
    total: 0,
    cached: 0,
    unreadable: [],
    rows: new Map(),
    generation: 0,
    loading: true,
    error: null,
    cursor: 0,
    selectedId: null,
    setSearch: (search) => {
      const generation = get().generation + 1
      set({ search, generation, rows: new Map(), cursor: 0, loading: true })
      void fetchBlock(0, generation)
    },
    reload: () => {
      const generation = get().generation + 1
      set({ generation, rows: new Map() })
      void fetchBlock(0, generation)
    },
    ensureRange: (first, last) => {
      const { rows, generation } = get()
      for (let block = Math.floor(first / BLOCK); block <= Math.floor(last / BLOCK); block++) {
        if (!rows.has(block * BLOCK)) void fetchBlock(block, generation)
      }
    },
    setCursor: (cursor) => set({ cursor }),
    select: (selectedId) => set({ selectedId }),
    patchHealth: (id, health) => {
      const rows = new Map(get().rows)
      for (const [i, row] of rows) if (row.phoneNumberId === id) rows.set(i, { ...row, health })
      set({ rows })
    },
  }
})
