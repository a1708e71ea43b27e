import type { IncomingHttpHeaders } from 'node:http'
import type { Dispatcher } from 'undici'

/**
 * One HTTP exchange over undici, nothing more: no retries, no parsing. The
 * body is always read to the end so the socket goes back to the keep-alive pool.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export interface HttpRequest {
  method: HttpMethod
  /** Path and query, e.g. `/platform/v1/customers?page=2`. */
  path: string
  apiKey: string
  /** Already serialised JSON, or undefined for no body. */
  body: string | undefined
  signal: AbortSignal | undefined
}

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

export interface Transport {
  readonly origin: string
  readonly host: string
  send(request: HttpRequest): Promise<HttpResponse>
}

export function createTransport(baseUrl: string, dispatcher: Dispatcher): Transport {
  const url = new URL(baseUrl)
  // A base with a path prefix (a proxy mount) keeps it; the API paths are appended to it.
  const prefix = url.pathname.replace(/\/+$/, '')
  const origin = url.origin
  return {
    origin,
    host: url.host,
    async send(request) {
      const headers: Record<string, string> = {
        'x-api-key': request.apiKey,
        accept: 'application/json',
      }
      if (request.body !== undefined) headers['content-type'] = 'application/json'
      const res = await dispatcher.request({
        origin,
        path: prefix + request.path,
        method: request.method,
        headers,
        body: request.body,
        signal: request.signal,
      })
      const text = await res.body.text()
      return { status: res.statusCode, headers: res.headers, text }
    },
  }
}
