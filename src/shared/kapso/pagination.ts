import { z } from 'zod'
import type { UnreadableRecord } from './unreadable'

/**
 * The two list styles of the Platform API (reference 1.7):
 * page/per_page with `meta`, and limit/after/before with `paging`.
 */

/** `meta.current_page` appears in one spec example instead of `meta.page`; both are read. */
export const PaginationMetaSchema = z.object({
  page: z.number().int().nullish(),
  current_page: z.number().int().nullish(),
  per_page: z.number().int().nullish(),
  total_pages: z.number().int().nullish(),
  total_count: z.number().int().nullish(),
})
export type PaginationMeta = z.infer<typeof PaginationMetaSchema>

export const PagingSchema = z.object({
  cursors: z.object({ before: z.string().nullish(), after: z.string().nullish() }).nullish(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
})
export type Paging = z.infer<typeof PagingSchema>

/**
 * List envelopes. Items stay `unknown` here: the list reader parses them one
 * by one (unreadable.ts), so one bad item never fails the whole list.
 */
export const pageListSchema = z.object({
  data: z.array(z.unknown()),
  meta: PaginationMetaSchema.nullish(),
})

export const cursorListSchema = z.object({
  data: z.array(z.unknown()),
  paging: PagingSchema.nullish(),
})

/** Query for a page-style list. */
export const PageQuerySchema = z.object({
  page: z.number().int().min(1).optional(),
  per_page: z.number().int().min(1).optional(),
})
export type PageQuery = z.infer<typeof PageQuerySchema>

/** Query for a cursor-style list. Never send `after` and `before` together (the API answers 400). */
export const CursorQuerySchema = z.object({
  limit: z.number().int().min(1).max(100).optional(),
  after: z.string().optional(),
  before: z.string().optional(),
})
export type CursorQuery = z.infer<typeof CursorQuerySchema>

/** Period filter shared by deliveries and API logs; nothing older than 30 days is reachable. */
export const PeriodSchema = z.enum(['24h', '7d', '30d'])
export type Period = z.infer<typeof PeriodSchema>

/**
 * One page as the client yields it while walking a list. Totals are known for
 * page-style lists (progress bars) and null for cursor-style ones.
 */
export interface Page<T> {
  items: T[]
  /** Items of this page that could not be read; the others are in `items`. */
  unreadable: UnreadableRecord[]
  /** 1-based position of this page in the walk. */
  page: number
  totalPages: number | null
  totalCount: number | null
  /** Cursor-style only: the cursor for the following page, null on the last one. */
  nextCursor: string | null
}
