import { dataEnvelope } from '../../shared/kapso/envelope'
import type { Page } from '../../shared/kapso/pagination'
import {
  type SetupLink,
  type SetupLinkCreated,
  SetupLinkCreatedSchema,
  type SetupLinkCreateInput,
  type SetupLinkListFilters,
  type SetupLinkPageQuery,
  SetupLinkSchema,
  type SetupLinkUpdateInput,
} from '../../shared/kapso/setupLink'
import { type CallOptions, pageStyle } from './lists'
import type { ListOptions, Paginated } from './pagination'
import { seg } from './query'
import type { Caller } from './request'
import { callData } from './unwrap'

const what = 'setup link'
const linkSchema = dataEnvelope(SetupLinkSchema)
const createdSchema = dataEnvelope(SetupLinkCreatedSchema)
const basePath = (customerId: string) => `/platform/v1/customers/${seg(customerId)}/setup_links`

/** Setup links belong to a customer. No GET-by-id and no DELETE exist (reference 2.2). */
export interface SetupLinksApi {
  list(customerId: string, filters?: SetupLinkListFilters, options?: ListOptions): Paginated<SetupLink>
  listPage(customerId: string, query?: SetupLinkPageQuery, options?: CallOptions): Promise<Page<SetupLink>>
  /** Revokes the customer's previous active link (one active link per customer). `token` is returned only here. */
  create(customerId: string, input?: SetupLinkCreateInput, options?: CallOptions): Promise<SetupLinkCreated>
  update(
    customerId: string,
    setupLinkId: string,
    input: SetupLinkUpdateInput,
    options?: CallOptions,
  ): Promise<SetupLink>
  /** PATCH `status: revoked`: the API's only way to withdraw a link. */
  revoke(customerId: string, setupLinkId: string, options?: CallOptions): Promise<SetupLink>
}

export function setupLinksApi(call: Caller): SetupLinksApi {
  const listFor = (customerId: string) =>
    pageStyle(call, { path: basePath(customerId), item: SetupLinkSchema, what })
  const update = (customerId: string, id: string, input: SetupLinkUpdateInput, o?: CallOptions) =>
    callData(call, {
      method: 'PATCH',
      path: `${basePath(customerId)}/${seg(id)}`,
      body: { setup_link: input },
      schema: linkSchema,
      what,
      signal: o?.signal,
    })
  return {
    list: (customerId, filters = {}, options) => listFor(customerId).walk(filters, options),
    listPage: (customerId, query = {}, o) => listFor(customerId).fetchPage(query, o?.signal),
    create: (customerId, input = {}, o) =>
      callData(call, {
        method: 'POST',
        path: basePath(customerId),
        body: { setup_link: input },
        schema: createdSchema,
        what,
        signal: o?.signal,
      }),
    update,
    revoke: (customerId, id, o) => update(customerId, id, { status: 'revoked' }, o),
  }
}
