import { request } from 'undici'
import { AppError, type ErrorCode } from '../../shared/ipc/errors'

/** A webhook as Kapso returns it; everything but `id` may be null (reference 2.4). */
export interface RemoteWebhook {
  id: string
  url: string | null
  events: string[]
  phoneNumberId: string | null
  secretKey: string | null
  createdAt: string | null
}

export interface CreateWebhookInput {
  url: string
  events: string[]
  secretKey: string
  /** Number-scoped when given (message/conversation events), project-scoped otherwise. */
  phoneNumberId?: string
}

/** What a listen session needs from the Platform API, injected so tests and the real client can stand in. */
export interface WebhookApi {
  /** Every webhook of the project, both scopes. */
  list(): Promise<RemoteWebhook[]>
  create(input: CreateWebhookInput): Promise<RemoteWebhook>
  delete(webhook: { id: string; phoneNumberId: string | null }): Promise<void>
  /** Queues a test delivery (`POST /whatsapp/webhooks/{id}/test`). */
  test(id: string, eventType?: string): Promise<void>
  /** The customer's name, for the viewer; null when unknown. */
  customerName?(customerId: string): Promise<string | null>
}

type Json = Record<string, unknown>

function toRemote(raw: unknown): RemoteWebhook {
  const w = (raw ?? {}) as Json
  return {
    id: String(w.id),
    url: typeof w.url === 'string' ? w.url : null,
    events: Array.isArray(w.events) ? w.events.filter((e): e is string => typeof e === 'string') : [],
    phoneNumberId: typeof w.phone_number_id === 'string' && w.phone_number_id ? w.phone_number_id : null,
    secretKey: typeof w.secret_key === 'string' && w.secret_key ? w.secret_key : null,
    createdAt: typeof w.created_at === 'string' ? w.created_at : null,
  }
}

/**
 * A thin Platform API adapter for webhooks (undici), used until the shared
 * client in src/main/kapso/ covers these calls. Errors map to contract codes.
 */
export function createHttpWebhookApi(options: {
  baseUrl: string
  apiKey: () => Promise<string>
  timeoutMs?: number
}): WebhookApi {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/platform/v1`
  const timeout = options.timeoutMs ?? 15_000

  async function call(method: string, path: string, body?: unknown): Promise<Json | null> {
    const key = await options.apiKey()
    let res: Awaited<ReturnType<typeof request>>
    try {
      res = await request(`${root}${path}`, {
        method: method as 'GET',
        headers: {
          'X-API-Key': key,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      })
    } catch (error) {
      throw new AppError(
        'offline',
        `Kapso could not be reached (${(error as Error).message}). Check the connection and try again.`,
        {
          cause: error,
        },
      )
    }
    const text = await res.body.text()
    let parsed: Json | null = null
    try {
      parsed = text ? (JSON.parse(text) as Json) : null
    } catch {
      parsed = null
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return parsed
    const error = parsed?.error
    const message =
      typeof error === 'string'
        ? error
        : typeof (error as Json | undefined)?.message === 'string'
          ? String((error as Json).message)
          : typeof parsed?.message === 'string'
            ? parsed.message
            : `HTTP ${res.statusCode}`
    const retryAfter = Number(res.headers['retry-after'])
    throw new AppError(codeFor(res.statusCode), `Kapso refused ${method} ${path}: ${message}`, {
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
    })
  }

  return {
    async list() {
      const all: RemoteWebhook[] = []
      for (let page = 1; page <= 50; page++) {
        const body = await call('GET', `/whatsapp/webhooks?page=${page}&per_page=100`)
        const data = Array.isArray(body?.data) ? body.data : []
        all.push(...data.map(toRemote))
        const meta = (body?.meta ?? {}) as Json
        const pages = Number(meta.total_pages ?? 1)
        if (!data.length || page >= pages) break
      }
      return all
    },
    async create(input) {
      const attrs: Json = { url: input.url, events: input.events, secret_key: input.secretKey, kind: 'kapso' }
      const path = input.phoneNumberId
        ? `/whatsapp/phone_numbers/${encodeURIComponent(input.phoneNumberId)}/webhooks`
        : '/whatsapp/webhooks'
      const body = await call('POST', path, { whatsapp_webhook: attrs })
      return toRemote(body?.data)
    },
    async delete(webhook) {
      try {
        await call('DELETE', `/whatsapp/webhooks/${encodeURIComponent(webhook.id)}`)
      } catch (error) {
        // Already gone is what we wanted.
        if (!(error instanceof AppError && error.code === 'not_found')) throw error
      }
    },
    async test(id, eventType) {
      await call(
        'POST',
        `/whatsapp/webhooks/${encodeURIComponent(id)}/test`,
        eventType ? { event_type: eventType } : {},
      )
    },
    async customerName(customerId) {
      try {
        const body = await call('GET', `/customers/${encodeURIComponent(customerId)}`)
        const name = (body?.data as Json | undefined)?.name
        return typeof name === 'string' ? name : null
      } catch {
        return null
      }
    },
  }
}

function codeFor(status: number): ErrorCode {
  if (status === 401) return 'unauthorized'
  if (status === 402 || status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 400 || status === 422) return 'validation'
  if (status === 429) return 'rate_limited'
  return 'server'
}
