import {
  type DisplayNameRequest,
  DisplayNameRequestSchema,
  type PhoneNumberUpdate,
} from '../../shared/kapso/displayNameRequest'
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
  /** `PATCH` with `{whatsapp_phone_number: {...}}`; answers the updated number. */
  update(phoneNumberId: string, input: PhoneNumberUpdate, options?: CallOptions): Promise<WhatsappPhoneNumber>
  /** `DELETE`: 204, the number is disconnected from the project. */
  delete(phoneNumberId: string, options?: CallOptions): Promise<void>
  /** Display-name change requests, most recent first (page style). */
  displayNameRequests(phoneNumberId: string, options?: CallOptions): Promise<Page<DisplayNameRequest>>
  /** Submits `{display_name_request: {new_display_name}}`; Meta reviews most within 24–48 hours. */
  requestDisplayName(phoneNumberId: string, name: string, options?: CallOptions): Promise<DisplayNameRequest>
  /** One request, to poll Meta's review. */
  displayNameRequest(
    phoneNumberId: string,
    requestId: string,
    options?: CallOptions,
  ): Promise<DisplayNameRequest>
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
    update: (id, input, o) =>
      callData(call, {
        method: 'PATCH',
        path: `${BASE}/${seg(id)}`,
        body: { whatsapp_phone_number: input },
        schema,
        what,
        signal: o?.signal,
      }),
    delete: (id, o) =>
      call({ method: 'DELETE', path: `${BASE}/${seg(id)}`, schema: null, what, signal: o?.signal }),
    displayNameRequests: (id, o) =>
      pageStyle(call, {
        path: `${BASE}/${seg(id)}/display_name_requests`,
        item: DisplayNameRequestSchema,
        what: 'display name request',
      }).fetchPage({ page: 1, per_page: 50 }, o?.signal),
    requestDisplayName: (id, name, o) =>
      callData(call, {
        method: 'POST',
        path: `${BASE}/${seg(id)}/display_name_requests`,
        body: { display_name_request: { new_display_name: name } },
        schema: nameRequest,
        what: 'display name request',
        signal: o?.signal,
      }),
    displayNameRequest: (id, requestId, o) =>
      callData(call, {
        method: 'GET',
        path: `${BASE}/${seg(id)}/display_name_requests/${seg(requestId)}`,
        schema: nameRequest,
        what: 'display name request',
        signal: o?.signal,
      }),
  }
}

const nameRequest = dataEnvelope(DisplayNameRequestSchema)
