import { setTimeout as delay } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import type { Logger } from '../log/logger'
import { sharedKapsoAgent } from './agent'
import { type ApiLogsApi, apiLogsApi } from './apiLogs'
import { ApiBudget, type BudgetOptions, type CallPriority } from './budget'
import { type CustomersApi, customersApi } from './customers'
import { type DeliveriesApi, deliveriesApi } from './deliveries'
import { createTransport } from './http'
import { type MessagesApi, messagesApi } from './messages'
import { type PhoneNumbersApi, phoneNumbersApi } from './phoneNumbers'
import { type Caller, createCaller, type Sleep } from './request'
import { type RetryOptions, retryPolicy } from './retry'
import { type SetupLinksApi, setupLinksApi } from './setupLinks'
import { HealthLimiter } from './tokenBucket'
import { type WebhooksApi, webhooksApi } from './webhooks'

export const DEFAULT_KAPSO_BASE_URL = 'https://api.kapso.ai'

export interface KapsoClientOptions {
  /** Host (and optional mount path); the Platform API lives under `/platform/v1`, the Meta proxy under `/meta/whatsapp/v24.0`. */
  baseUrl?: string
  /** The project's key, or a function that reads it (e.g. from the keychain) per request. */
  apiKey: string | (() => Promise<string>)
  log: Logger
  /** Defaults to the app-wide keep-alive Agent (see agent.ts). */
  dispatcher?: Dispatcher
  now?: () => number
  sleep?: Sleep
  /** The retry policy of the client returned (each `as()` view may set its own). */
  retry?: RetryOptions
  /**
   * The priority of the client returned. Capabilities do not rely on it: they
   * take a view with `as(priority)` per call site. Direct clients (a key check,
   * a tool run by the person) are interactive.
   */
  priority?: CallPriority
  /** The key's request budget (budget.ts) and the health limiter's limits. */
  pacing?: BudgetOptions & { health?: { perSecond?: number; perMinute?: number } }
}

/** One per project profile. All methods throw `AppError` (or its `OutcomeUnknownError` subclass). */
export interface KapsoClient {
  readonly baseUrl: string
  readonly customers: CustomersApi
  readonly setupLinks: SetupLinksApi
  readonly phoneNumbers: PhoneNumbersApi
  readonly webhooks: WebhooksApi
  readonly deliveries: DeliveriesApi
  readonly apiLogs: ApiLogsApi
  readonly messages: MessagesApi
  readonly priority: CallPriority
  /** The key's one budget, shared by every view of this client. */
  readonly budget: ApiBudget
  /** The same client (key, budget, health limiter, connections) for calls of another priority and retry policy. */
  as(priority: CallPriority, retry?: RetryOptions): KapsoClient
}

const defaultSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {})

export function createKapsoClient(options: KapsoClientOptions): KapsoClient {
  const { log } = options
  const baseUrl = options.baseUrl ?? DEFAULT_KAPSO_BASE_URL
  const now = options.now ?? Date.now
  const keySource = options.apiKey
  if (typeof keySource === 'string') log.redactor.addSecret(keySource)
  const apiKey =
    typeof keySource === 'string'
      ? () => Promise.resolve(keySource)
      : async () => {
          const key = await keySource()
          // Registered on every read: a rotated key is redacted from its first use.
          log.redactor.addSecret(key)
          return key
        }

  const sleep = options.sleep ?? defaultSleep
  const budget = new ApiBudget(options.pacing ?? {}, now, (ms) => sleep(ms))
  const shared = createCaller({
    transport: createTransport(baseUrl, options.dispatcher ?? sharedKapsoAgent()),
    apiKey,
    log,
    now,
    sleep,
    budget,
    health: new HealthLimiter(options.pacing?.health),
  })

  const view = (priority: CallPriority, retry: RetryOptions | undefined): KapsoClient => {
    const lane = { priority, retry: retryPolicy(retry) }
    const call: Caller = (spec) => shared(spec, lane)
    return {
      baseUrl,
      customers: customersApi(call),
      setupLinks: setupLinksApi(call),
      phoneNumbers: phoneNumbersApi(call),
      webhooks: webhooksApi(call),
      deliveries: deliveriesApi(call),
      apiLogs: apiLogsApi(call),
      messages: messagesApi(call),
      priority,
      budget,
      as: (p, r) => view(p, r ?? retry),
    }
  }
  return view(options.priority ?? 'interactive', options.retry)
}
