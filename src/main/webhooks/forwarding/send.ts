import type { LookupFunction } from 'node:net'
import { request } from 'undici'
import { TargetRefusedError, targetDispatcher } from '../../security/targetDispatcher'

export const MAX_RESPONSE_BODY = 64 * 1024
const TIMEOUT_MS = 10_000

export interface SendResult {
  status: number | null
  body: string | null
  error: string | null
  durationMs: number
}

export interface SendPolicy {
  /** Hosts the person confirmed besides this computer. */
  allowedHosts: readonly string[]
  /** How host names resolve (tests inject one). */
  lookup?: LookupFunction | undefined
}

/**
 * One POST to a forward target. Never throws: a refused connection or a
 * timeout is an answer too, recorded so the forward can be retried. The
 * connection goes only where the target policy allows (`targetDispatcher`);
 * its dispatcher serves this attempt alone, so no socket outlives it.
 */
export async function sendForward(
  url: string,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array,
  policy: SendPolicy,
): Promise<SendResult> {
  const dispatcher = targetDispatcher({ allowedHosts: policy.allowedHosts, lookup: policy.lookup })
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const flat: string[] = []
  for (const [name, value] of headers) flat.push(name, value)
  try {
    const res = await request(url, {
      method: 'POST',
      headers: flat,
      body,
      dispatcher,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    })
    const text = await readCapped(res.body)
    return { status: res.statusCode, body: text, error: null, durationMs: elapsed() }
  } catch (error) {
    return { status: null, body: null, error: describeFailure(error, url), durationMs: elapsed() }
  } finally {
    void dispatcher.destroy().catch(() => {})
  }
}

async function readCapped(body: AsyncIterable<Uint8Array> & { destroy?(): void }): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk))
    size += chunk.length
    if (size >= MAX_RESPONSE_BODY) {
      body.destroy?.()
      break
    }
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY).toString('utf8')
  return size > MAX_RESPONSE_BODY ? `${text}\n… (cut at 64 KiB)` : text
}

function describeFailure(error: unknown, url: string): string {
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }
  const refused = [e, e.cause].find((x) => x instanceof TargetRefusedError)
  if (refused) return `Refused before sending: ${refused.message}`
  const code = e.code ?? e.cause?.code ?? e.name
  const where = safeOrigin(url)
  if (code === 'ECONNREFUSED')
    return `Nothing is listening at ${where} (connection refused). Start your server, then retry.`
  if (code === 'ENOTFOUND') return `The host of ${where} does not resolve. Check the forward URL.`
  if (code === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return `${where} did not answer within ${TIMEOUT_MS / 1000} s.`
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return `${where} closed the connection without an answer.`
  return `The forward to ${where} failed: ${e.message}`
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'the target'
  }
}
