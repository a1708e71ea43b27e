import { dataEnvelope, type Success, SuccessSchema } from '../../shared/kapso/envelope'
import type { Page } from '../../shared/kapso/pagination'
import {
  type PhoneNumberWebhookCreateInput,
  type PhoneNumberWebhookListFilters,
  type PhoneNumberWebhookPageQuery,
  type ProjectWebhookCreateInput,
  type ProjectWebhookListFilters,
  type ProjectWebhookPageQuery,
  type WebhookTestInput,
  type WebhookUpdateInput,
  type WhatsappWebhook,
  WhatsappWebhookSchema,
} from '../../shared/kapso/webhook'
import { type CallOptions, pageStyle } from './lists'
import type { ListOptions, Paginated } from './pagination'
import { type QueryInput, seg } from './query'
import type { Caller } from './request'
import { callData } from './unwrap'

const what = 'webhook'
const schema = dataEnvelope(WhatsappWebhookSchema)
const PROJECT = '/platform/v1/whatsapp/webhooks'
const numberBase = (phoneNumberId: string) =>
  `/platform/v1/whatsapp/phone_numbers/${seg(phoneNumberId)}/webhooks`

/** CRUD for one path family; both families manage the same webhook objects. */
export interface WebhookFamily<Filters, PageQuery, CreateInput> {
  list(filters?: Filters, options?: ListOptions): Paginated<WhatsappWebhook>
  listPage(query?: PageQuery, options?: CallOptions): Promise<Page<WhatsappWebhook>>
  get(webhookId: string, options?: CallOptions): Promise<WhatsappWebhook>
  create(input: CreateInput, options?: CallOptions): Promise<WhatsappWebhook>
  update(webhookId: string, input: WebhookUpdateInput, options?: CallOptions): Promise<WhatsappWebhook>
  delete(webhookId: string, options?: CallOptions): Promise<void>
}

export interface WebhooksApi {
  /** `/whatsapp/webhooks`: lists both scopes; create without `phone_number_id` = project-scoped. */
  project: WebhookFamily<ProjectWebhookListFilters, ProjectWebhookPageQuery, ProjectWebhookCreateInput>
  /** `/whatsapp/phone_numbers/{id}/webhooks`: message and conversation events of one number. */
  forNumber(
    phoneNumberId: string,
  ): WebhookFamily<PhoneNumberWebhookListFilters, PhoneNumberWebhookPageQuery, PhoneNumberWebhookCreateInput>
  /** Queues a test delivery; `event_type` travels in the JSON body (SPEC). Works for either scope. */
  test(webhookId: string, input?: WebhookTestInput, options?: CallOptions): Promise<Success>
}

function family<F extends QueryInput, Q extends QueryInput, C>(
  call: Caller,
  base: string,
): WebhookFamily<F, Q, C> {
  const list = pageStyle(call, { path: base, item: WhatsappWebhookSchema, what })
  const byId = (id: string) => `${base}/${seg(id)}`
  return {
    list: (filters, options) => list.walk(filters ?? {}, options),
    listPage: (query, o) => list.fetchPage(query ?? {}, o?.signal),
    get: (id, o) => callData(call, { method: 'GET', path: byId(id), schema, what, signal: o?.signal }),
    create: (input, o) =>
      callData(call, {
        method: 'POST',
        path: base,
        body: { whatsapp_webhook: input },
        schema,
        what,
        signal: o?.signal,
      }),
    update: (id, input, o) =>
      callData(call, {
        method: 'PATCH',
        path: byId(id),
        body: { whatsapp_webhook: input },
        schema,
        what,
        signal: o?.signal,
      }),
    delete: (id, o) => call({ method: 'DELETE', path: byId(id), schema: null, what, signal: o?.signal }),
  }
}

export function webhooksApi(call: Caller): WebhooksApi {
  return {
    project: family(call, PROJECT),
    forNumber: (phoneNumberId) => family(call, numberBase(phoneNumberId)),
    test: (id, input = {}, o) =>
      callData(call, {
        method: 'POST',
        path: `${PROJECT}/${seg(id)}/test`,
        body: input,
        schema: dataEnvelope(SuccessSchema),
        what: 'webhook test',
        signal: o?.signal,
      }),
  }
}
