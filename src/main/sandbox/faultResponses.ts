import type { Fault } from './faults'
import type { ApiResponse } from './http'
import { RATE_LIMIT_BODY } from './rateLimit'

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
}

/** An injected status answer; 429 uses the documented limiter body and headers. */
export function statusFaultResponse(
  fault: Extract<Fault, { kind: 'status' }>,
  limit: number | null,
): ApiResponse {
  const headers: Record<string, string> = {}
  if (fault.status === 429) {
    headers['X-RateLimit-Limit'] = String(limit ?? 100)
    headers['X-RateLimit-Remaining'] = '0'
    headers['Retry-After'] = String(fault.retryAfterSeconds ?? 60)
    return { status: 429, body: RATE_LIMIT_BODY, headers }
  }
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds)
  return { status: fault.status, body: { error: STATUS_TEXT[fault.status] ?? 'Error' }, headers }
}

/** A 200 whose body is cut off mid-JSON: what a proxy truncating a response looks like. */
export const invalidJsonResponse = (): ApiResponse => ({
  status: 200,
  raw: '{"data": [{"id": "',
  headers: {},
})

/**
 * Keeps the body valid JSON but breaks a typed field: ids become numbers, and a
 * page `meta` gets a string page number, so schema-checking clients notice.
 */
export function wrongTypeResponse(response: ApiResponse): ApiResponse {
  const body = structuredClone(response.body) as Record<string, unknown> | undefined
  if (!body || typeof body !== 'object')
    return { status: 200, body: { data: 42 }, headers: response.headers ?? {} }
  const data = body.data
  const first = Array.isArray(data) ? data[0] : data
  if (first && typeof first === 'object') (first as Record<string, unknown>).id = 12345
  else body.data = 'not-an-object'
  if (body.meta && typeof body.meta === 'object') (body.meta as Record<string, unknown>).page = 'one'
  return { status: 200, body, headers: response.headers ?? {} }
}

/** Breaks one list item (see the `one-item` fault); a body without a list is left as it is. */
export function oneItemResponse(response: ApiResponse, index = 1, field = 'id'): ApiResponse {
  const body = structuredClone(response.body) as { data?: unknown } | undefined
  const items = body && Array.isArray(body.data) ? body.data : null
  const item = items?.[Math.min(index, items.length - 1)]
  if (item && typeof item === 'object') (item as Record<string, unknown>)[field] = 12345
  return { ...response, body }
}
