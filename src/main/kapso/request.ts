import type { z } from 'zod'
import type { Logger } from '../log/logger'
import type { ApiBudget, CallPriority } from './budget'
import { type ErrorContext, type Failure, failureFromResponse } from './errors'
import type { HttpMethod, HttpResponse, Transport } from './http'
import { parseResponse } from './parse'
import { type QueryInput, queryString } from './query'
import { backoffMs, isRetryable, parseRetryAfter, type RetryPolicy } from './retry'
import type { HealthLimiter } from './tokenBucket'
import { cancelledError, failureFromTransport } from './transportErrors'

/** One API call as a resource module describes it. */
export interface Call<T> {
  method: HttpMethod
  /** Path under the host, e.g. `/platform/v1/customers/abc`. */
  path: string
  query?: QueryInput
  body?: unknown
  /** Null when the answer has no body (204). */
  schema: z.ZodType<T> | null
  /** Noun for error messages: "customer", "setup link". */
  what: string
  /** Defaults to every method but POST; a POST that is safe to repeat may say so. */
  idempotent?: boolean
  errorShape?: 'platform' | 'meta'
  limiter?: 'health'
  signal?: AbortSignal | undefined
}

export type Caller = <T>(call: Call<T>) => Promise<T>

/**
 * Who is asking: the priority in the key's one budget and the capability's own
 * retry policy (how long it lets a call retry before it falls back).
 */
export interface Lane {
  priority: CallPriority
  retry: RetryPolicy
}

/** The key's caller, shared by every capability; each binds it to its lane. */
export type SharedCaller = <T>(call: Call<T>, lane: Lane) => Promise<T>

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export interface CallerDeps {
  transport: Transport
  apiKey: () => Promise<string>
  log: Logger
  now: () => number
  sleep: Sleep
  budget: ApiBudget
  health: HealthLimiter
}

export function createCaller(deps: CallerDeps): SharedCaller {
  const { transport, log, now, budget } = deps

  const wait = async (ms: number, signal: AbortSignal | undefined, what: string) => {
    if (ms > 0) await deps.sleep(ms, signal).catch(() => {})
    if (signal?.aborted) throw cancelledError(what)
  }

  return async function call<T>(spec: Call<T>, lane: Lane): Promise<T> {
    const { retry } = lane
    const idempotent = spec.idempotent ?? spec.method !== 'POST'
    const path = spec.path + queryString(spec.query)
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body)
    const where = `${spec.method} ${spec.path}`
    const ctx: ErrorContext = {
      method: spec.method,
      path: spec.path,
      what: spec.what,
      errorShape: spec.errorShape ?? 'platform',
      redactor: log.redactor,
    }
    const started = now()

    for (let attempt = 1; ; attempt++) {
      if (spec.signal?.aborted) throw cancelledError(spec.what)
      const apiKey = await deps.apiKey()
      if (spec.limiter === 'health') await wait(deps.health.reserve(now()), spec.signal, spec.what)
      try {
        await budget.acquire(lane.priority, spec.signal)
      } catch {
        throw cancelledError(spec.what)
      }

      let failure: Failure
      let response: HttpResponse | undefined
      try {
        response = await transport.send({ method: spec.method, path, apiKey, body, signal: spec.signal })
      } catch (err) {
        budget.release()
        if (spec.signal?.aborted) throw cancelledError(spec.what)
        failure = failureFromTransport(err, idempotent, transport.host, ctx)
      }

      if (response) {
        const retryAfterMs =
          response.status === 429 ? parseRetryAfter(response.headers['retry-after'], Date.now()) : undefined
        budget.observe(response.headers, retryAfterMs)
        log.debug('kapso request', { method: spec.method, path, status: response.status, attempt })
        if (response.status >= 200 && response.status < 300) {
          if (!spec.schema) return undefined as T
          return parseResponse(response.text, spec.schema, where)
        }
        failure = failureFromResponse(response.status, response.text, retryAfterMs, ctx)
      }

      const error = failure!.error
      const delay = nextDelay(failure!, attempt)
      if (delay === undefined) throw error
      log.warn('kapso request retry', { where, attempt, code: error.code, delayMs: delay })
      await wait(delay, spec.signal, spec.what)
    }

    /** Ms to wait before the next attempt, or undefined to give up and surface the error. */
    function nextDelay(failure: Failure, attempt: number): number | undefined {
      if (!isRetryable(failure.kind, idempotent) || attempt >= retry.maxAttempts) return undefined
      const delay = failure.error.retryAfterMs ?? backoffMs(retry, attempt - 1)
      const elapsed = now() - started
      if (elapsed + delay > retry.maxTotalMs) return undefined
      return delay
    }
  }
}
