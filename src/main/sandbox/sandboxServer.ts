import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { recordApiCall, registerApiLogRoutes } from './apiLogs'
import { requireApiKey } from './auth'
import type { SandboxContext } from './context'
import { registerCustomerRoutes } from './customers'
import { type DeliverEventOptions, DeliveryEngine, type DeliveryResult } from './deliveries'
import { registerDeliveryRoutes } from './deliveryRoutes'
import {
  invalidJsonResponse,
  oneItemResponse,
  statusFaultResponse,
  wrongTypeResponse,
} from './faultResponses'
import { type Fault, FaultInjector } from './faults'
import { ApiError, type ApiResponse, parseJsonBody, readRawBody, writeResponse } from './http'
import { handleInboundMessages } from './inbound'
import { registerMetaProxyRoutes, unknownGraphPath } from './metaProxy'
import { registerPhoneNumberManagementRoutes } from './phoneNumberManagement'
import { registerPhoneNumberRoutes } from './phoneNumbers'
import { RateLimiter } from './rateLimit'
import { Router } from './router'
import { seedSandbox } from './seed'
import { registerSetupLinkRoutes } from './setupLinks'
import { handleSetupPage } from './setupPage'
import { SandboxStore } from './store'
import { registerWebhookRoutes } from './webhooks'

export type { DeliverEventOptions, DeliveryResult } from './deliveries'
export type { Fault, FaultSpec, InjectedFault } from './faults'
export { FaultInjector } from './faults'
export { signWebhookBody } from './signing'
export { SandboxStore } from './store'

export const DEFAULT_SANDBOX_API_KEY = 'sandbox-key-0000000000000000'
export const DEFAULT_SANDBOX_PROJECT_ID = '3f0b6a52-5a4d-4c1e-9d2b-6b617073616e'
export const PLATFORM_BASE_PATH = '/platform/v1'
export const META_BASE_PATH = '/meta/whatsapp/v24.0'
const MAX_CUSTOMERS = 100_000
const MINUTE_MS = 60_000

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number
  apiKey?: string
  /** Generated demo tenants on top of the hand-written ones (default 250, at most 100,000). */
  customers?: number
  /** Per-key requests per fixed minute; null (default) = no limit and no X-RateLimit-* headers. */
  rateLimitPerMinute?: number | null
  /**
   * How long the limiter's "minute" is (default 60,000 ms). Benches shorten it,
   * and the client's budget window with it, to measure the same ratios in seconds.
   */
  rateLimitWindowMs?: number
  /** The sandbox clock: link expiry, timestamps, rate-limit windows, periods. */
  now?: () => Date
  /** Delays before each webhook retry (default the documented +10 s, +40 s, +90 s). */
  webhookRetryDelaysMs?: number[]
  projectId?: string
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:PORT, no trailing slash; the Platform API is at `${url}/platform/v1`. */
  url: string
  apiKey: string
  projectId: string
  faults: FaultInjector
  store: SandboxStore
  /** Signs and sends `event` to the subscribed webhooks (or one, by id); resolves once each delivered or failed. */
  deliverEvent(event: string, payload: unknown, options?: DeliverEventOptions): Promise<DeliveryResult[]>
  /** Forwards a raw Meta payload to the number's `kind: meta` webhooks (X-Idempotency-Key = SHA-256 of the body). */
  forwardMetaPayload(phoneNumberId: string, metaPayload: unknown): Promise<DeliveryResult[]>
  /** Resolves once no webhook delivery or retry is outstanding. */
  whenIdle(): Promise<void>
  close(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const apiKey = options.apiKey ?? DEFAULT_SANDBOX_API_KEY
  const projectId = options.projectId ?? DEFAULT_SANDBOX_PROJECT_ID
  const now = options.now ?? (() => new Date())
  const store = new SandboxStore()
  const deliveries = new DeliveryEngine(store, now, options.webhookRetryDelaysMs ?? [10_000, 40_000, 90_000])
  let baseUrl = ''
  const ctx: SandboxContext = { store, now, baseUrl: () => baseUrl, projectId, deliveries }
  const faults = new FaultInjector()
  const limit = options.rateLimitPerMinute ?? null
  const limiter = limit === null ? null : new RateLimiter(limit, options.rateLimitWindowMs ?? MINUTE_MS)

  const platform = new Router()
  registerCustomerRoutes(platform, ctx)
  registerSetupLinkRoutes(platform, ctx)
  registerPhoneNumberRoutes(platform, ctx)
  registerPhoneNumberManagementRoutes(platform, ctx)
  registerWebhookRoutes(platform, ctx)
  registerDeliveryRoutes(platform, ctx)
  registerApiLogRoutes(platform, ctx)
  const meta = new Router()
  registerMetaProxyRoutes(meta, ctx)

  const api = { ctx, apiKey, faults, limiter, limit, platform, meta }
  const server = createServer((req, res) => {
    handle(api, req, res).catch(() => {
      if (!res.headersSent) writeResponse(res, { status: 500, body: { error: 'Internal server error' } }, {})
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  seedSandbox(ctx, Math.max(0, Math.min(MAX_CUSTOMERS, Math.floor(options.customers ?? 250))))

  return {
    url: baseUrl,
    apiKey,
    projectId,
    faults,
    store,
    deliverEvent: (event, payload, opts) => deliveries.deliver(event, payload, opts),
    forwardMetaPayload: (phoneNumberId, metaPayload) => deliveries.forwardMeta(phoneNumberId, metaPayload),
    whenIdle: () => deliveries.idle(),
    close: () => closeServer(server, deliveries),
  }
}

function closeServer(server: Server, deliveries: DeliveryEngine): Promise<void> {
  deliveries.close()
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

interface Api {
  ctx: SandboxContext
  apiKey: string
  faults: FaultInjector
  limiter: RateLimiter | null
  limit: number | null
  platform: Router
  meta: Router
}

async function handle(api: Api, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', api.ctx.baseUrl())
  const method = req.method ?? 'GET'
  const path = url.pathname
  const isPlatform = path === PLATFORM_BASE_PATH || path.startsWith(`${PLATFORM_BASE_PATH}/`)
  const isMeta = path.startsWith(`${META_BASE_PATH}/`)
  if (!isPlatform && !isMeta) return handleSite(api, req, res, url)

  const startedAt = performance.now()
  const injected = api.faults.take(method, path)
  const latency = injected.reduce((ms, f) => ms + (f.kind === 'latency' ? f.ms : 0), 0)
  if (latency > 0) await new Promise((r) => setTimeout(r, latency))
  const terminal: Fault | undefined = injected.find((f) => f.kind !== 'latency')
  if (terminal?.kind === 'drop') {
    req.socket.destroy()
    return
  }

  let response: ApiResponse
  let rateHeaders: Record<string, string> = {}
  if (terminal?.kind === 'status') response = statusFaultResponse(terminal, api.limit)
  else if (terminal?.kind === 'malformed' && (terminal.variant ?? 'invalid-json') === 'invalid-json')
    response = invalidJsonResponse()
  else {
    try {
      requireApiKey(req, api.apiKey, isMeta)
      if (api.limiter) rateHeaders = api.limiter.check(api.apiKey, api.ctx.now().getTime())
      const raw = await readRawBody(req)
      response =
        terminal?.kind === 'replay'
          ? { status: terminal.status ?? 200, body: terminal.body }
          : await route(api, req, method, url, isPlatform, raw)
    } catch (error) {
      response = errorResponse(error)
    }
    if (terminal?.kind === 'malformed' && terminal.variant === 'one-item')
      response = oneItemResponse(response, terminal.index, terminal.field)
    else if (terminal?.kind === 'malformed') response = wrongTypeResponse(response)
  }

  // Unauthenticated calls belong to no project, so they do not appear in its api_logs.
  if (response.status !== 401) {
    const body = response.body as { error?: unknown } | undefined
    recordApiCall(api.ctx.store, {
      method,
      path,
      status: response.status,
      startedAt,
      createdAt: api.ctx.now(),
      ip: req.socket.remoteAddress ?? null,
      errorMessage: response.status >= 400 ? errorText(body?.error) : null,
    })
  }
  if (terminal?.kind === 'drop-after-commit') {
    req.socket.destroy()
    return
  }
  writeResponse(res, response, rateHeaders)
}

async function route(
  api: Api,
  req: IncomingMessage,
  method: string,
  url: URL,
  isPlatform: boolean,
  raw: Buffer,
): Promise<ApiResponse> {
  const router = isPlatform ? api.platform : api.meta
  const match = router.match(
    method,
    url.pathname.slice((isPlatform ? PLATFORM_BASE_PATH : META_BASE_PATH).length),
  )
  if (!match) throw isPlatform ? new ApiError(404, 'Not found') : unknownGraphPath(method, url.pathname)
  const body = method === 'GET' || method === 'HEAD' ? {} : parseJsonBody(raw)
  return match.handler({ req, method, url, params: match.params, query: url.searchParams, body })
}

function errorResponse(error: unknown): ApiResponse {
  if (error instanceof ApiError) {
    return { status: error.status, body: error.body, ...(error.headers ? { headers: error.headers } : {}) }
  }
  return { status: 500, body: { error: 'Internal server error' } }
}

function errorText(error: unknown): string | null {
  if (typeof error === 'string') return error
  if (error && typeof error === 'object' && 'message' in error)
    return String((error as { message: unknown }).message)
  return null
}

/** Everything outside the API: the setup page stand-in and the seeded webhooks' sink. */
async function handleSite(api: Api, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const raw = req.method === 'POST' ? await readRawBody(req).catch(() => Buffer.alloc(0)) : Buffer.alloc(0)
  const page = handleSetupPage(api.ctx, req, url, raw)
  if (page) return writeResponse(res, page, {})
  if (url.pathname === '/sandbox/inbound-messages' && req.method === 'POST') {
    return writeResponse(res, await handleInboundMessages(api.ctx, req, raw, api.apiKey), {})
  }
  if (url.pathname === '/sandbox/webhook-sink' && req.method === 'POST') {
    return writeResponse(res, { status: 200, body: { ok: true } }, {})
  }
  writeResponse(res, { status: 404, body: { error: 'Not found' } }, {})
}
