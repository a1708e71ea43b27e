/**
 * Kapso Platform API client (main process only; no Electron import).
 *
 * Layers, each its own module: http (one undici exchange) → request (the
 * attempt loop: key, health limiter, pacing, retry policy, error mapping,
 * zod parsing) → lists/pagination (walking both list styles) → one module
 * per resource. Every failure is an `AppError`; a create whose connection
 * dropped after sending is an `OutcomeUnknownError` (code `offline`) and is
 * never retried: callers reconcile, e.g. the customers feature looks the
 * customer up by `external_customer_id` before offering to create it again.
 */
export { closeSharedKapsoAgent, createKapsoAgent, type KapsoAgentOptions, sharedKapsoAgent } from './agent'
export type { ApiLogsApi } from './apiLogs'
export type {
  ApiBudget,
  BudgetOptions,
  BudgetOptions as PacingOptions,
  BudgetSnapshot,
  CallPriority,
} from './budget'
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
export type { ListOptions, Paginated } from './pagination'
export type { PhoneNumbersApi } from './phoneNumbers'
export type { Sleep } from './request'
export type { RetryOptions } from './retry'
export type { SetupLinksApi } from './setupLinks'
export type { WebhookFamily, WebhooksApi } from './webhooks'
