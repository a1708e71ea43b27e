import type { Page } from '../../shared/kapso/pagination'
import type { UnreadableRecord } from '../../shared/kapso/unreadable'

/**
 * Walking a list to its end, for both pagination styles. Page-style lists
 * tell the total after page 1, so the rest is fetched in parallel (bounded)
 * and still yielded in order; cursor-style lists can only go one page at a time.
 */

export interface ListOptions {
  /** Page size asked for; the server may cap it (its `meta` wins). */
  perPage?: number
  /** Page fetches in flight at once after page 1 (page style only). Default 4. */
  concurrency?: number
  signal?: AbortSignal
}

/** A list walk: iterate it for pages (with totals, for progress bars) or call `items()`. */
export interface Paginated<T> extends AsyncIterable<Page<T>> {
  pages(): AsyncIterable<Page<T>>
  items(): AsyncIterable<T>
  /** Everything readable in one array; for small lists and tests (unreadable items are left out). */
  toArray(): Promise<T[]>
  /** Everything, with the items that could not be read named apart (for views that show them). */
  readAll(): Promise<{ items: T[]; unreadable: UnreadableRecord[] }>
}

export function paginated<T>(walk: () => AsyncGenerator<Page<T>>): Paginated<T> {
  async function* items() {
    for await (const page of walk()) yield* page.items
  }
  return {
    [Symbol.asyncIterator]: () => walk(),
    pages: () => ({ [Symbol.asyncIterator]: () => walk() }),
    items: () => ({ [Symbol.asyncIterator]: () => items() }),
    async toArray() {
      const all: T[] = []
      for await (const page of walk()) all.push(...page.items)
      return all
    },
    async readAll() {
      const items: T[] = []
      const unreadable: UnreadableRecord[] = []
      for await (const page of walk()) {
        items.push(...page.items)
        unreadable.push(...page.unreadable)
      }
      return { items, unreadable }
    },
  }
}

export interface NumberedPage<T> {
  items: T[]
  unreadable?: UnreadableRecord[]
  totalPages: number | null
  totalCount: number | null
}

export type FetchNumberedPage<T> = (page: number, signal: AbortSignal) => Promise<NumberedPage<T>>

/** An AbortController that also fires when the caller's signal does. */
function linkedController(signal: AbortSignal | undefined): AbortController {
  const controller = new AbortController()
  if (signal?.aborted) controller.abort(signal.reason)
  else signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true })
  return controller
}

export async function* walkNumberedPages<T>(
  fetchPage: FetchNumberedPage<T>,
  options: { concurrency?: number; signal?: AbortSignal; perPage: number },
): AsyncGenerator<Page<T>> {
  const controller = linkedController(options.signal)
  const inFlight = new Map<number, Promise<NumberedPage<T>>>()
  try {
    const first = await fetchPage(1, controller.signal)
    const { totalPages, totalCount } = first
    const page = (n: number, got: NumberedPage<T>): Page<T> => ({
      items: got.items,
      unreadable: got.unreadable ?? [],
      page: n,
      totalPages,
      totalCount,
      nextCursor: null,
    })
    yield page(1, first)

    if (totalPages === null) {
      // No totals: go on one page at a time until a short or empty page.
      let last = first
      for (let n = 2; last.items.length + (last.unreadable?.length ?? 0) >= options.perPage; n++) {
        last = await fetchPage(n, controller.signal)
        if (last.items.length + (last.unreadable?.length ?? 0) === 0) break
        yield page(n, last)
      }
      return
    }

    const limit = Math.max(1, options.concurrency ?? 4)
    let next = 2
    const launch = () => {
      const promise = fetchPage(next, controller.signal)
      // A later page failing while an earlier one is awaited must not become an unhandled rejection.
      promise.catch(() => {})
      inFlight.set(next++, promise)
    }
    while (next <= totalPages && inFlight.size < limit) launch()
    for (let n = 2; n <= totalPages; n++) {
      const got = await inFlight.get(n)!
      inFlight.delete(n)
      if (next <= totalPages) launch()
      yield page(n, got)
    }
  } finally {
    // Early `break`, an error or cancellation: stop the pages still on the wire.
    if (inFlight.size) controller.abort()
  }
}

export interface CursorPage<T> {
  items: T[]
  unreadable?: UnreadableRecord[]
  next: string | null
}

export async function* walkCursorPages<T>(
  fetchPage: (after: string | undefined, signal: AbortSignal | undefined) => Promise<CursorPage<T>>,
  options: { signal?: AbortSignal },
): AsyncGenerator<Page<T>> {
  let after: string | undefined
  const seen = new Set<string>()
  for (let n = 1; ; n++) {
    const got = await fetchPage(after, options.signal)
    yield {
      items: got.items,
      unreadable: got.unreadable ?? [],
      page: n,
      totalPages: null,
      totalCount: null,
      nextCursor: got.next,
    }
    // A repeated cursor would loop forever; an empty page with a cursor ends the walk too.
    if (!got.next || seen.has(got.next) || got.items.length + (got.unreadable?.length ?? 0) === 0) return
    seen.add(got.next)
    after = got.next
  }
}
