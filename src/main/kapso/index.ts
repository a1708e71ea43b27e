export { closeSharedKapsoAgent, createKapsoAgent, type KapsoAgentOptions, sharedKapsoAgent } from './agent'
export type { ApiLogsApi } from './apiLogs'
export {
  createKapsoClient,
  DEFAULT_KAPSO_BASE_URL,
  type KapsoClient,
  type KapsoClientOptions,
} from './client'
export type { CustomersApi } from './customers'
export type { DeliveriesApi } from './deliveries'
export { apiMessage, OutcomeUnknownError } from './errors'
export type { CallOptions } from './lists'
export { META_GRAPH_VERSION, type MessagesApi } from './messages'
export type { PacingOptions } from './pacing'
export type { ListOptions, Paginated } from './pagination'
export type { PhoneNumbersApi } from './phoneNumbers'
export type { Sleep } from './request'
export type { RetryOptions } from './retry'
export type { SetupLinksApi } from './setupLinks'
export type { WebhookFamily, WebhooksApi } from './webhooks'
