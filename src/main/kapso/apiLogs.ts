import {
  type ApiLog,
  type ApiLogListFilters,
  type ApiLogPageQuery,
  ApiLogSchema,
} from '../../shared/kapso/apiLog'
import type { Page } from '../../shared/kapso/pagination'
import { type CallOptions, cursorStyle } from './lists'
import type { ListOptions, Paginated } from './pagination'
import type { Caller } from './request'

/** `GET /api_logs`, cursor style: the project's own calls to Kapso, newest first. */
export interface ApiLogsApi {
  list(filters?: ApiLogListFilters, options?: Omit<ListOptions, 'concurrency'>): Paginated<ApiLog>
  listPage(query?: ApiLogPageQuery, options?: CallOptions): Promise<Page<ApiLog>>
}

export function apiLogsApi(call: Caller): ApiLogsApi {
  const list = cursorStyle(call, { path: '/platform/v1/api_logs', item: ApiLogSchema, what: 'API log' })
  return {
    list: (filters = {}, options) => list.walk(filters, options),
    listPage: (query = {}, o) => list.fetchPage(query, o?.signal),
  }
}
