import { Agent, request } from 'undici'

export const MAX_RESPONSE_BODY = 64 * 1024
const TIMEOUT_MS = 10_000

export interface SendResult {
  status: number | null
  body: string | null
  error: string | null
  durationMs: number
}

/** Forward targets are local dev servers: no keep-alive socket outlives an attempt. */
const dispatcher = new Agent({ pipelining: 0, keepAliveTimeout: 1, connect: { timeout: 5_000 } })

/**
 * One POST to a forward target. Never throws: a refused connection or a
 * timeout is an answer too, recorded so the forward can be retried.
 */
export async function sendForward(
  url: string,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array,
): Promise<SendResult> {
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
