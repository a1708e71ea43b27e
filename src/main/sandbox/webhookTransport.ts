import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

/**
 * One POST to a webhook receiver. node:http with no agent: no keep-alive socket
 * outlives the attempt, so a test's receiver (and the sandbox) can close promptly.
 * Resolves with the status, or null when the receiver could not be reached in time.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number | null> {
  return new Promise((resolve) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      resolve(null)
      return
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        signal,
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? null))
        res.on('error', () => resolve(res.statusCode ?? null))
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(null))
    req.end(body)
  })
}
