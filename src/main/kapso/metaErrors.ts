import type { ErrorCode } from '../../shared/ipc/errors'
import { MetaErrorBodySchema } from '../../shared/kapso/message'

/**
 * The Meta proxy answers with Graph API errors. The numeric `code` says more
 * than the HTTP status, so it picks the words and, where it knows better, the code.
 */
const known: Record<number, { code: ErrorCode; words: string }> = {
  190: { code: 'unauthorized', words: 'The WhatsApp access token behind this number is invalid or expired' },
  4: { code: 'rate_limited', words: 'Meta is throttling this app; wait and try again' },
  80007: { code: 'rate_limited', words: 'The WhatsApp Business Account hit its rate limit' },
  130429: { code: 'rate_limited', words: 'The number is sending faster than its throughput allows' },
  131056: { code: 'rate_limited', words: 'Too many messages to this recipient in a short time' },
  100: { code: 'validation', words: 'Meta rejected a parameter of the message' },
  131026: {
    code: 'validation',
    words: 'The recipient cannot receive this message (not on WhatsApp or old app)',
  },
  131047: {
    code: 'validation',
    words: 'More than 24 hours passed since the customer last wrote: send an approved template instead',
  },
  131051: { code: 'validation', words: 'This message type is not supported' },
  131030: { code: 'validation', words: 'The recipient is not on the allowed list of this test number' },
  133010: { code: 'validation', words: 'The phone number is not registered with WhatsApp Cloud API' },
  131031: { code: 'forbidden', words: 'The WhatsApp Business Account is restricted or locked' },
}

export interface MetaErrorWords {
  code: ErrorCode | undefined
  message: string
}

/** Words for a Meta error body, or undefined when the body is not Meta-shaped. */
export function describeMetaError(body: unknown): MetaErrorWords | undefined {
  const parsed = MetaErrorBodySchema.safeParse(body)
  if (!parsed.success) return undefined
  const e = parsed.data.error
  const hint = typeof e.code === 'number' ? known[e.code] : undefined
  const detail = [e.message, e.error_data?.details].filter(Boolean).join(': ')
  const ids = [
    e.code != null ? `code ${e.code}${e.error_subcode != null ? `/${e.error_subcode}` : ''}` : '',
    e.fbtrace_id ? `trace ${e.fbtrace_id}` : '',
  ].filter(Boolean)
  const lead = hint?.words ?? 'WhatsApp (Meta) rejected the request'
  const text = `${lead}${detail ? ` — ${detail}` : ''}${ids.length ? ` (${ids.join(', ')})` : ''}.`
  return { code: hint?.code, message: text }
}
