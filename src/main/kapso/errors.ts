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
  if (status < 400) {
    // undici does not follow redirects, and the API documents none: a proxy or captive portal is answering.
    return {
      kind: 'final',
      error: make('invalid_response', `Kapso answered with an unexpected HTTP ${status}`),
    }
  }
  // 400, 413, 422 and the rest of 4xx: the request itself was wrong, so the messages go to the form.
  const fields = meta ? undefined : fieldsOf(body, said ? ctx.redactor.text(said) : undefined)
  return {
    kind: 'final',
    error: make('validation', `Kapso did not accept the ${ctx.what}`, fields ? { fields } : {}),
  }
}
