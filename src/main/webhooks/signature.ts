import { createHmac, timingSafeEqual } from 'node:crypto'
import type { SignatureState } from '../../shared/webhooks/event'

/** Lower-case hex HMAC-SHA256 of the raw body, as Kapso computes it (no `sha256=` prefix). */
export function signBody(secret: string, body: Uint8Array | string): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/

/** The HMAC an `X-Webhook-Signature` value carries, as lower-case hex (a `sha256=` prefix is allowed); null when it is not 64 hex characters. */
export function signatureHex(header: string): string | null {
  const given = header.trim().replace(/^sha256=/i, '')
  return HEX_SHA256.test(given) ? given.toLowerCase() : null
}

/**
 * Checks `X-Webhook-Signature` against every secret of the active session, over
 * the raw bytes as received (never a re-serialised object), in constant time.
 */
export function verifySignature(
  body: Uint8Array,
  header: string | undefined,
  secrets: readonly string[],
): SignatureState {
  if (header === undefined || header === '') return 'unsigned'
  if (secrets.length === 0) return 'unverifiable'
  const given = signatureHex(header)
  if (given === null) return 'invalid'
  const givenBytes = Buffer.from(given, 'hex')
  let valid = false
  // Every secret is checked, so timing does not reveal which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(body).digest()
    if (timingSafeEqual(expected, givenBytes)) valid = true
  }
  return valid ? 'valid' : 'invalid'
}
