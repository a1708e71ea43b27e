import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  /** The X-API-Key header exactly as it arrived (null when absent). */
  apiKey: string | null
}

/**
 * A Kapso host in front of a sandbox that writes down every request it is
 * sent (method, path, X-API-Key) before passing it on, so a test can say
 * which host saw which key. `acceptKeys` stand in for a rotated key: they are
 * replaced by the sandbox's own key on the way through.
 */
export async function startRecordingProxy(
  target: { url: string; apiKey: string },
  options: { acceptKeys?: string[] } = {},
): Promise<{ url: string; requests: RecordedRequest[]; inFlight(): number; close(): Promise<void> }> {
  const requests: RecordedRequest[] = []
  let open = 0
  const upstream = new URL(target.url)
  const server = createServer((req, res) => {
    const apiKey = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : null
    requests.push({ method: req.method ?? '', path: req.url ?? '', apiKey })
    open++
    res.once('close', () => open--)
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: upstream.host }
    if (apiKey && options.acceptKeys?.includes(apiKey)) headers['x-api-key'] = target.apiKey
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** Requests not answered or abandoned yet. */
    inFlight: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
