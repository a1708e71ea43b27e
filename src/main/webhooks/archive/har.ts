import type { ArchivedDelivery } from '../../../shared/webhooks/archive'

/**
 * A HAR 1.2 log of the deliveries as requests to the receiver, for tools that
 * read HAR (browser devtools, Charles, Insomnia). The receiver's answer was a
 * plain 200; the signature verdict rides along in `_kapsoSignature`.
 */
export function toHar(deliveries: readonly ArchivedDelivery[], version: string): string {
  const entries = deliveries.map((d) => {
    const type =
      d.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'application/octet-stream'
    const size = d.bodyEncoding === 'utf8' ? Buffer.byteLength(d.body) : Buffer.from(d.body, 'base64').length
    return {
      startedDateTime: d.receivedAt,
      time: 0,
      request: {
        method: d.method,
        url: `http://127.0.0.1${d.path}`,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: d.headers.map(([name, value]) => ({ name, value })),
        queryString: [],
        postData: {
          mimeType: type,
          text: d.body,
          ...(d.bodyEncoding === 'base64' ? { _encoding: 'base64' } : {}),
        },
        headersSize: -1,
        bodySize: size,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: 'application/json' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
      _kapsoSignature: d.signature,
      _kapsoSource: d.source,
    }
  })
  return `${JSON.stringify({ log: { version: '1.2', creator: { name: 'Kapso Console', version }, entries } }, null, 2)}\n`
}
