import { AppError, type ErrorCode } from '../../shared/ipc/errors'
import type { Redactor } from '../log/redact'
import { describeMetaError } from './metaErrors'
import type { FailureKind } from './retry'

/**
 * The one place HTTP statuses and socket errors become AppError codes. Every
 * text taken from a response or an exception passes through the Redactor, so
 * an echoed key or header never reaches an error message.
 */

export interface ErrorContext {
  method: string
  path: string
  /** Noun for messages: "customer", "setup link". */
  what: string
  errorShape: 'platform' | 'meta'
  redactor: Redactor
}

/** A failure plus what the retry policy needs to know about it. */
export interface Failure {
  error: AppError
  kind: FailureKind
}

/**
 * The request may have reached Kapso and been applied before the connection
 * dropped. Never retried for creates: the caller reconciles (the customers
 * feature looks the customer up by `external_customer_id`).
 */
export class OutcomeUnknownError extends AppError {
  readonly outcomeUnknown = true
}

/** Reads `error` as a string, then `error.message`, then `message` (reference 1.8). */
export function apiMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined
  const b = body as { error?: unknown; message?: unknown }
  if (typeof b.error === 'string' && b.error) return b.error
  const nested = (b.error as { message?: unknown } | undefined)?.message
  if (typeof nested === 'string' && nested) return nested
  if (typeof b.message === 'string' && b.message) return b.message
  return undefined
}

/** `{"errors": {"field": ["msg"]}}` (notifications style) or the single message under `(input)`. */
function fieldsOf(body: unknown, message: string | undefined): Record<string, string[]> | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
    const out: Record<string, string[]> = {}
    for (const [key, val] of Object.entries(errors)) {
      out[key] = (Array.isArray(val) ? val : [val]).map(String)
    }
    if (Object.keys(out).length) return out
  }
  return message ? { '(input)': [message] } : undefined
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

export function failureFromResponse(
  status: number,
  bodyText: string,
  retryAfterMs: number | undefined,
  ctx: ErrorContext,
): Failure {
  const body = parseJson(bodyText)
  const meta = ctx.errorShape === 'meta' ? describeMetaError(body) : undefined
  const said = apiMessage(body)
  const detail = (text: string) =>
    ctx.redactor.text(meta?.message ?? (said ? `${text}: ${said}` : `${text}.`))
  const make = (code: ErrorCode, text: string, extra: ConstructorParameters<typeof AppError>[2] = {}) =>
    new AppError(meta?.code ?? code, detail(text), extra)

  if (status === 401 || status === 403) {
    const text =
      status === 401
        ? 'Kapso rejected the API key: it is wrong or was revoked. Enter a current key in the project settings'
        : `Kapso refused this ${ctx.what} action for this API key`
    return { kind: 'final', error: make('unauthorized', text) }
  }
  if (status === 402) return { kind: 'final', error: make('forbidden', 'This needs a paid Kapso plan') }
  if (status === 404) return { kind: 'final', error: make('not_found', `Kapso has no such ${ctx.what}`) }
  if (status === 409)
    return { kind: 'final', error: make('conflict', `The ${ctx.what} conflicts with one that exists`) }
  if (status === 429) {
    const extra = retryAfterMs === undefined ? {} : { retryAfterMs }
    const error = make(
      'rate_limited',
      'Kapso is rate-limiting this project; wait a moment and try again',
      extra,
    )
    return { kind: 'rate_limited', error }
  }
  if (status >= 500) {
    return {
      kind: 'server',
      error: make('server', `Kapso had a problem (HTTP ${status}); try again in a moment`),
    }
  }
  // 400, 413, 422 and the rest of 4xx: the request itself was wrong, so the messages go to the form.
  const fields = meta ? undefined : fieldsOf(body, said ? ctx.redactor.text(said) : undefined)
  return {
    kind: 'final',
    error: make('validation', `Kapso did not accept the ${ctx.what}`, fields ? { fields } : {}),
  }
}

const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** The most specific code on an undici/Node error (happy-eyeballs wraps several in an AggregateError). */
export function errorCodeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | null
  if (!e || typeof e !== 'object') return undefined
  if (typeof e.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code
  return (
    errorCodeOf(e.cause) ?? errorCodeOf(e.errors?.[0]) ?? (typeof e.code === 'string' ? e.code : undefined)
  )
}

function reason(code: string | undefined, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach Kapso at ${host}: the connection was refused`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach Kapso: ${host} could not be looked up (no network or DNS)`
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Cannot reach Kapso at ${host}: connecting timed out`
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'Kapso took too long to answer'
    default:
      return 'The connection to Kapso dropped before an answer arrived'
  }
}

export function failureFromTransport(
  err: unknown,
  idempotent: boolean,
  host: string,
  ctx: ErrorContext,
): Failure {
  const code = errorCodeOf(err)
  const cause = ctx.redactor.value(err)
  if (code && NOT_SENT.has(code)) {
    const error = new AppError('offline', `${reason(code, host)}. Check the internet connection.`, { cause })
    return { kind: 'not_sent', error }
  }
  if (!idempotent) {
    const text = `${reason(code, host)} after the ${ctx.what} request was sent, so it may or may not have been applied. Check before trying again.`
    return { kind: 'maybe_sent', error: new OutcomeUnknownError('offline', text, { cause }) }
  }
  return {
    kind: 'maybe_sent',
    error: new AppError('offline', `${reason(code, host)}. Check the internet connection.`, { cause }),
  }
}

export function cancelledError(what: string): AppError {
  return new AppError('cancelled', `The ${what} request was cancelled.`)
}
