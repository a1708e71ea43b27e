import { AppError } from '../../shared/ipc/errors'
import { type ErrorContext, type Failure, OutcomeUnknownError } from './errors'

/**
 * Socket and DNS failures become `offline`. What matters for retrying is
 * whether the request can have reached Kapso: a connection that never opened
 * is safe to repeat for any method; one that dropped after sending is not,
 * for a create.
 */

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
