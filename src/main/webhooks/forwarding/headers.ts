/** Headers that describe the original connection, not the delivery; undici sets its own. */
const HOP_BY_HOP = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'accept-encoding',
  'upgrade',
  'expect',
])

/**
 * The delivery's headers for a forward, in their original order and case.
 * With `signature` the X-Webhook-Signature value is replaced (re-signed) or,
 * when null, removed.
 */
export function forwardHeaders(
  original: readonly (readonly [string, string])[],
  signature?: string | null,
): [string, string][] {
  const out: [string, string][] = []
  let signed = false
  for (const [name, value] of original) {
    const lower = name.toLowerCase()
    if (HOP_BY_HOP.has(lower)) continue
    if (lower === 'x-webhook-signature' && signature !== undefined) {
      if (signature !== null && !signed) out.push([name, signature])
      signed = true
      continue
    }
    out.push([name, value])
  }
  if (signature && !signed) out.push(['X-Webhook-Signature', signature])
  if (!out.some(([n]) => n.toLowerCase() === 'content-type')) out.push(['Content-Type', 'application/json'])
  return out
}
