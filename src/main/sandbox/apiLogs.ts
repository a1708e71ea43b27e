import { randomUUID } from 'node:crypto'
import type { SandboxContext } from './context'
import { cursorResponse } from './pagination'
import { periodStart, queryFlag } from './periods'
import type { Router } from './router'
import type { SandboxStore } from './store'
import type { ExternalApiLog } from './types'

/** The sandbox has one key; give it a stable identity in the logs. */
export const SANDBOX_API_KEY_ID = '5a4db0c0-0000-4000-8000-00000000a11e'
export const SANDBOX_API_KEY_NAME = 'Sandbox key'

export interface ServedCall {
  method: string
  path: string
  status: number
  startedAt: number
  createdAt: Date
  ip: string | null
  errorMessage: string | null
}

/** Records one served API call (path without query: Kapso logs the endpoint, not the parameters). */
export function recordApiCall(store: SandboxStore, call: ServedCall): void {
  store.addApiLog({
    id: randomUUID(),
    endpoint: call.path,
    http_method: call.method,
    response_status: call.status,
    response_time_ms: Math.round((performance.now() - call.startedAt) * 100) / 100,
    ip_address: call.ip,
    error_message: call.errorMessage,
    created_at: call.createdAt.toISOString(),
    api_key_id: SANDBOX_API_KEY_ID,
    api_key_name: SANDBOX_API_KEY_NAME,
  })
}

export function registerApiLogRoutes(router: Router, ctx: SandboxContext): void {
  router.get('/api_logs', ({ url, query }) => {
    const endpoint = query.get('endpoint')
    const statusText = query.get('status_code')
    const statusCode = statusText ? Number(statusText) : null
    const errorsOnly = queryFlag(query, 'errors_only')
    const since = periodStart(query, ctx.now())
    const filter = (log: ExternalApiLog) =>
      log.created_at >= since &&
      (!endpoint || log.endpoint.includes(endpoint)) &&
      (statusCode === null || log.response_status === statusCode) &&
      (!errorsOnly || log.response_status >= 400)
    return cursorResponse(url, ctx.store.apiLogs, filter)
  })
}
