/**
 * Records kept oldest → newest by `created_at` with an id index. Lists are
 * served newest first, so "newest first" is a walk from the end, and the
 * unfiltered first page is a slice: no sort per request, even at 100k rows.
 * ISO-8601 UTC strings from toISOString() compare correctly as strings.
 */
export class OrderedList<T extends { id: string; created_at: string }> {
  readonly items: T[] = []
  private readonly byId = new Map<string, T>()

  get size(): number {
    return this.items.length
  }

  get(id: string): T | undefined {
    return this.byId.get(id)
  }

  /** Inserts after every record with the same or an older timestamp (ties: newer insert is "newer"). */
  insert(item: T): void {
    const items = this.items
    const last = items[items.length - 1]
    if (!last || last.created_at <= item.created_at) items.push(item)
    else {
      let lo = 0
      let hi = items.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (items[mid]!.created_at <= item.created_at) lo = mid + 1
        else hi = mid
      }
      items.splice(lo, 0, item)
    }
    this.byId.set(item.id, item)
  }

  /** Bulk load for seeding: the caller guarantees ascending order, so no search per row. */
  loadSorted(rows: T[]): void {
    for (const row of rows) {
      this.items.push(row)
      this.byId.set(row.id, row)
    }
  }

  remove(id: string): T | undefined {
    const item = this.byId.get(id)
    if (!item) return undefined
    this.byId.delete(id)
    const at = this.items.lastIndexOf(item)
    if (at >= 0) this.items.splice(at, 1)
    return item
  }

  /** Newest-first filtered view (a linear scan; callers page over it). */
  newestFirst(filter?: (item: T) => boolean): T[] {
    const out: T[] = []
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i]!
      if (!filter || filter(item)) out.push(item)
    }
    return out
  }
}
