import type { z } from 'zod'
import { cursorListSchema, type Page, pageListSchema } from '../../shared/kapso/pagination'
import { readItems } from '../../shared/kapso/unreadable'
import { type ListOptions, type Paginated, paginated, walkCursorPages, walkNumberedPages } from './pagination'
import type { QueryInput } from './query'
import type { Caller } from './request'

/**
 * Glue between a list endpoint, its item schema and the walkers. The envelope
 * is checked whole; items are read one by one, so a bad item becomes an
 * unreadable record in `Page.unreadable` and the rest of the page is kept.
 */

export const DEFAULT_PER_PAGE = 100

export interface ListEndpoint<T> {
  path: string
  item: z.ZodType<T>
  what: string
}

export interface CallOptions {
  signal?: AbortSignal
}

export function pageStyle<T>(call: Caller, endpoint: ListEndpoint<T>) {
  const schema = pageListSchema

  /** One page, as a paged table view asks for it. */
  async function fetchPage(query: QueryInput, signal?: AbortSignal): Promise<Page<T>> {
    const res = await call({ method: 'GET', path: endpoint.path, query, schema, what: endpoint.what, signal })
    const meta = res.meta
    return {
      ...readItems(res.data, endpoint.item),
      page: meta?.page ?? meta?.current_page ?? Number(query.page ?? 1),
      totalPages: meta?.total_pages ?? null,
      totalCount: meta?.total_count ?? null,
      nextCursor: null,
    }
  }

  function walk(filters: QueryInput, options: ListOptions = {}): Paginated<T> {
    const perPage = options.perPage ?? DEFAULT_PER_PAGE
    return paginated(() =>
      walkNumberedPages((page, signal) => fetchPage({ ...filters, page, per_page: perPage }, signal), {
        perPage,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    )
  }

  return { fetchPage, walk }
}

export function cursorStyle<T>(call: Caller, endpoint: ListEndpoint<T>) {
  const schema = cursorListSchema

  async function fetchPage(query: QueryInput, signal?: AbortSignal): Promise<Page<T>> {
    const res = await call({ method: 'GET', path: endpoint.path, query, schema, what: endpoint.what, signal })
    // A present `next` (even null) decides; only when it is missing does `cursors.after` (N8N's rule) count.
    const paging = res.paging
    const next = paging?.next !== undefined ? paging.next : (paging?.cursors?.after ?? null)
    const read = readItems(res.data, endpoint.item)
    return { ...read, page: 1, totalPages: null, totalCount: null, nextCursor: next }
  }

  function walk(filters: QueryInput, options: Omit<ListOptions, 'concurrency'> = {}): Paginated<T> {
    const limit = Math.min(100, options.perPage ?? 100)
    return paginated(() =>
      walkCursorPages(
        async (after, signal) => {
          const page = await fetchPage({ ...filters, limit, after }, signal)
          return { items: page.items, unreadable: page.unreadable, next: page.nextCursor }
        },
        options.signal ? { signal: options.signal } : {},
      ),
    )
  }

  return { fetchPage, walk }
}
