import {
  type Customer,
  type CustomerCreateInput,
  type CustomerListFilters,
  type CustomerPageQuery,
  CustomerSchema,
  type CustomerUpdateInput,
} from '../../shared/kapso/customer'
import { dataEnvelope } from '../../shared/kapso/envelope'
import type { Page } from '../../shared/kapso/pagination'
import { type CallOptions, pageStyle } from './lists'
import type { ListOptions, Paginated } from './pagination'
import { seg } from './query'
import type { Caller } from './request'
import { callData } from './unwrap'

const BASE = '/platform/v1/customers'
const schema = dataEnvelope(CustomerSchema)
const what = 'customer'

export interface CustomersApi {
  list(filters?: CustomerListFilters, options?: ListOptions): Paginated<Customer>
  listPage(query?: CustomerPageQuery, options?: CallOptions): Promise<Page<Customer>>
  get(customerId: string, options?: CallOptions): Promise<Customer>
  /**
   * Never retried once it may have reached Kapso. On an `OutcomeUnknownError`
   * the customers feature looks the customer up by `external_customer_id`
   * (`list({ external_customer_id })`) before offering to create it again.
   */
  create(input: CustomerCreateInput, options?: CallOptions): Promise<Customer>
  update(customerId: string, input: CustomerUpdateInput, options?: CallOptions): Promise<Customer>
  delete(customerId: string, options?: CallOptions): Promise<void>
}

export function customersApi(call: Caller): CustomersApi {
  const list = pageStyle(call, { path: BASE, item: CustomerSchema, what })
  const byId = (id: string) => `${BASE}/${seg(id)}`
  return {
    list: (filters = {}, options) => list.walk(filters, options),
    listPage: (query = {}, options) => list.fetchPage(query, options?.signal),
    get: (id, o) => callData(call, { method: 'GET', path: byId(id), schema, what, signal: o?.signal }),
    create: (input, o) =>
      callData(call, {
        method: 'POST',
        path: BASE,
        body: { customer: input },
        schema,
        what,
        signal: o?.signal,
      }),
    update: (id, input, o) =>
      callData(call, {
        method: 'PATCH',
        path: byId(id),
        body: { customer: input },
        schema,
        what,
        signal: o?.signal,
      }),
    delete: (id, o) => call({ method: 'DELETE', path: byId(id), schema: null, what, signal: o?.signal }),
  }
}
