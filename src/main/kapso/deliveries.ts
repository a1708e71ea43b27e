import {
  type DeliveryListFilters,
  type DeliveryPageQuery,
  type WebhookDelivery,
  WebhookDeliverySchema,
} from '../../shared/kapso/delivery'
import type { Page } from '../../shared/kapso/pagination'
import { type CallOptions, cursorStyle } from './lists'
import type { ListOptions, Paginated } from './pagination'
import type { Caller } from './request'

/** `GET /webhook_deliveries`, cursor style, newest first, at most 30 days back. */
export interface DeliveriesApi {
  list(filters?: DeliveryListFilters, options?: Omit<ListOptions, 'concurrency'>): Paginated<WebhookDelivery>
  /** One page; pass the previous page's `nextCursor` as `after`. */
  listPage(query?: DeliveryPageQuery, options?: CallOptions): Promise<Page<WebhookDelivery>>
}

export function deliveriesApi(call: Caller): DeliveriesApi {
  const list = cursorStyle(call, {
    path: '/platform/v1/webhook_deliveries',
    item: WebhookDeliverySchema,
    what: 'webhook delivery',
  })
  return {
    list: (filters = {}, options) => list.walk(filters, options),
    listPage: (query = {}, o) => list.fetchPage(query, o?.signal),
  }
}
