import type { ApiResponse } from './http'
import { ApiError } from './http'
import type { Sequenced } from './store'

const DEFAULT_PER_PAGE = 20
/**
 * The current OpenAPI sets no maximum for `per_page`; the legacy Platform OpenAPI
 * (shared/reference/openapi-platform-legacy.yaml, `per_page` `maximum: 100`, the
 * reference behind https://docs.kapso.ai/api-reference) states 100, so the sandbox clamps there.
 */
const MAX_PER_PAGE = 100

function positiveInt(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback
  const n = Number(value)
  // Rails' to_i-style leniency: junk falls back to the default rather than erroring.
  return Number.isInteger(n) && n >= 1 ? n : fallback
}

/**
 * Style A (page/per_page): `{data, meta}` plus X-Total/X-Total-Pages/X-Per-Page/X-Page
 * and an RFC 5988 Link header. `newestFirst` must already be filtered and ordered.
 */
export function pageResponse<T>(
  url: URL,
  newestFirst: readonly T[],
  map: (item: T) => unknown = (x) => x,
): ApiResponse {
  const page = positiveInt(url.searchParams.get('page'), 1)
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(url.searchParams.get('per_page'), DEFAULT_PER_PAGE))
  const total = newestFirst.length
  const totalPages = Math.ceil(total / perPage)
  const data = newestFirst.slice((page - 1) * perPage, page * perPage).map(map)
  return {
    status: 200,
    body: { data, meta: { page, per_page: perPage, total_pages: totalPages, total_count: total } },
    headers: {
      'X-Total': String(total),
      'X-Total-Pages': String(totalPages),
      'X-Per-Page': String(perPage),
      'X-Page': String(page),
      ...linkHeader(url, page, perPage, totalPages),
    },
  }
}

function linkHeader(url: URL, page: number, perPage: number, totalPages: number): Record<string, string> {
  const at = (p: number) => {
    const u = new URL(url)
    u.searchParams.set('page', String(p))
    u.searchParams.set('per_page', String(perPage))
    return `<${u.toString()}>`
  }
  const links: string[] = []
  if (page > 1)
    links.push(`${at(1)}; rel="first"`, `${at(Math.min(page - 1, Math.max(totalPages, 1)))}; rel="prev"`)
  if (page < totalPages) links.push(`${at(page + 1)}; rel="next"`, `${at(totalPages)}; rel="last"`)
  return links.length > 0 ? { Link: links.join(', ') } : {}
}

const CURSOR_VERSION = 1

export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, s: seq })).toString('base64')
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { v?: unknown; s?: unknown }
    if (parsed.v === CURSOR_VERSION && Number.isInteger(parsed.s)) return parsed.s as number
  } catch {
    // fall through to the documented 400
  }
  throw new ApiError(400, 'Invalid cursor')
}

/**
 * Style B (limit/after/before) over an append-only log, newest first.
 * `cursors.after`/`next` appear only when older rows exist and `cursors.before`/
 * `previous` only when newer ones do, so both client loops (follow `next` until
 * null, or `cursors.after` until absent) terminate.
 */
export function cursorResponse<T>(
  url: URL,
  log: readonly Sequenced<T>[],
  filter: (item: T) => boolean,
  map: (item: T) => unknown = (x) => x,
): ApiResponse {
  const q = url.searchParams
  const after = q.get('after')
  const before = q.get('before')
  if (after && before) throw new ApiError(400, 'Use either after or before, not both')
  const limitText = q.get('limit')
  const limit = limitText === null || limitText === '' ? 20 : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ApiError(400, 'limit must be an integer between 1 and 100')
  }
  const afterSeq = after ? decodeCursor(after) : null
  const beforeSeq = before ? decodeCursor(before) : null

  const page: Sequenced<T>[] = []
  let hasOlder = false
  let hasNewer = false
  if (beforeSeq !== null) {
    // Walk upwards from the cursor, then flip, so the page sits right above it.
    let i = lowerIndex(log, beforeSeq + 1)
    for (; i < log.length; i++) {
      const row = log[i]!
      if (!filter(row.item)) continue
      if (page.length === limit) {
        hasNewer = true
        break
      }
      page.push(row)
    }
    page.reverse()
    hasOlder = log.some((row) => row.seq <= beforeSeq && filter(row.item))
  } else {
    let i = afterSeq === null ? log.length - 1 : lowerIndex(log, afterSeq) - 1
    if (afterSeq !== null) hasNewer = log.some((row) => row.seq >= afterSeq && filter(row.item))
    for (; i >= 0; i--) {
      const row = log[i]!
      if (!filter(row.item)) continue
      if (page.length === limit) {
        hasOlder = true
        break
      }
      page.push(row)
    }
  }
  const first = page[0]
  const last = page[page.length - 1]
  const cursors: { before?: string; after?: string } = {}
  if (hasNewer && first) cursors.before = encodeCursor(first.seq)
  if (hasOlder && last) cursors.after = encodeCursor(last.seq)
  return {
    status: 200,
    body: {
      data: page.map((row) => map(row.item)),
      paging: { cursors, next: cursors.after ?? null, previous: cursors.before ?? null },
    },
  }
}

/** First index whose seq is >= `seq` (the log is ascending by seq). */
function lowerIndex<T>(log: readonly Sequenced<T>[], seq: number): number {
  let lo = 0
  let hi = log.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (log[mid]!.seq < seq) lo = mid + 1
    else hi = mid
  }
  return lo
}
