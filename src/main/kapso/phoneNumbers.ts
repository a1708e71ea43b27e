import { dataEnvelope } from '../../shared/kapso/envelope'
import type { Page } from '../../shared/kapso/pagination'
import {
  type PhoneNumberHealth,
  PhoneNumberHealthSchema,
  type PhoneNumberListFilters,
  type PhoneNumberPageQuery,
  type WhatsappPhoneNumber,
  WhatsappPhoneNumberSchema,
} from '../../shared/kapso/phoneNumber'
import { type CallOptions, pageStyle } from './lists'
import type { ListOptions, Paginated } from './pagination'
import { seg } from './query'
import type { Caller } from './request'
import { callData } from './unwrap'

const BASE = '/platform/v1/whatsapp/phone_numbers'
const what = 'phone number'
const schema = dataEnvelope(WhatsappPhoneNumberSchema)

/** `phoneNumberId` is always Meta's phone number ID (reference 1.6). */
export interface PhoneNumbersApi {
  /** Filter `customer_id` gives one customer's numbers: the customer object has none. */
  list(filters?: PhoneNumberListFilters, options?: ListOptions): Paginated<WhatsappPhoneNumber>
  listPage(query?: PhoneNumberPageQuery, options?: CallOptions): Promise<Page<WhatsappPhoneNumber>>
  get(phoneNumberId: string, options?: CallOptions): Promise<WhatsappPhoneNumber>
  /**
   * Top-level object (no `data`). Paced client-side under Kapso's 5/s and
   * 60/min health limits; Kapso caches results for 3 minutes per number.
   */
  health(phoneNumberId: string, options?: CallOptions): Promise<PhoneNumberHealth>
}

export function phoneNumbersApi(call: Caller): PhoneNumbersApi {
  const list = pageStyle(call, { path: BASE, item: WhatsappPhoneNumberSchema, what })
  return {
    list: (filters = {}, options) => list.walk(filters, options),
    listPage: (query = {}, o) => list.fetchPage(query, o?.signal),
    get: (id, o) =>
      callData(call, { method: 'GET', path: `${BASE}/${seg(id)}`, schema, what, signal: o?.signal }),
    health: (id, o) =>
      call({
        method: 'GET',
        path: `${BASE}/${seg(id)}/health`,
        schema: PhoneNumberHealthSchema,
        what: 'health check',
        limiter: 'health',
        signal: o?.signal,
      }),
  }
}
