import type { IncomingMessage } from 'node:http'
import type { DeliveryEngine } from './deliveries'
import type { ApiResponse } from './http'
import type { SandboxStore } from './store'

/** What every resource module needs from the running sandbox. */
export interface SandboxContext {
  readonly store: SandboxStore
  readonly now: () => Date
  /** Known only once the server listens, hence a getter rather than a value. */
  readonly baseUrl: () => string
  readonly projectId: string
  readonly deliveries: DeliveryEngine
}

export interface RequestContext {
  readonly req: IncomingMessage
  readonly method: string
  readonly url: URL
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** Parsed JSON object for POST/PATCH/PUT; `{}` otherwise. */
  readonly body: Record<string, unknown>
}

export type Handler = (request: RequestContext) => ApiResponse | Promise<ApiResponse>
