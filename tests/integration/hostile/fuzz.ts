import { connect } from 'node:net'

/**
 * Hostile-request generation for the in-process fuzz tests: a seeded PRNG
 * (mulberry32), so a failing run reproduces from the seed it prints, and raw
 * socket delivery (fetch would refuse to send most of these).
 */
export function seededRandom(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)))
  return { next, int, pick, bytes }
}
export type Random = ReturnType<typeof seededRandom>

/**
 * The seed: fixed by default, so CI runs the same requests every day;
 * FUZZ_SEED=<n> replays a printed seed and FUZZ_SEED=random explores new ones.
 */
export function fuzzSeed(fallback = 20_261_201): number {
  const given = process.env.FUZZ_SEED
  if (given === 'random') return (Date.now() ^ (process.pid << 8)) >>> 0
  const n = Number(given)
  return given && Number.isInteger(n) ? n >>> 0 : fallback
}

const TARGETS = [
  'http://[',
  'http://[::1',
  '//',
  '//evil.example/x',
  '%',
  '/%',
  '/%zz',
  '/%00',
  '/%C3%28',
  '/%E0%80%AF',
  '*',
  '',
  '?',
  '#',
  '/\\evil.example',
  '/..%2f..%2fetc/passwd',
  'http://evil.example/',
  'http://127.0.0.1:1/x',
  'https://user:pass@evil.example:99999/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  '/bridge',
  '/bridge?token=',
  '/bridge?token=%',
  '/bridge?token=%zz&token=x',
  '/setup/success?setup_link_id=%',
  '/setup/success?setup_link_id=00000000-0000-0000-0000-000000000000&status=completed&phone_number_id=1',
  '/setup/failure?error_code=%ff%fe',
  '/setup/success?display_phone_number=%2B1%20555&&&==&=%',
  '/setup/failure?setup_link_id=x&setup_link_id=y&error_code=link_expired',
  '/kapso-console/',
  '/kapso-console/%/%',
  '/index.html',
  '/assets/../../../x',
]
const METHODS = [
  'GET',
  'POST',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'PRI',
  'get',
  'G ET',
  'M-SEARCH',
  'PROPFIND',
  'ÄÖÜ',
  '\u0000',
  'X'.repeat(300),
]
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', '', 'http/1.1', 'HTTP/1.']

/** One malformed (or only odd) request as raw bytes, for a server whose valid origin and paths are given. */
export function hostileRequest(r: Random, hints: { paths: readonly string[]; origin: string }): Buffer {
  const family = r.int(10)
  if (family === 0) return r.bytes(1 + r.int(600))
  const target =
    r.next() < 0.25
      ? r.pick(hints.paths) +
        r.pick(['', '?', '?a=%', '/%zz', '?setup_link_id=%E0%A4%A', `?${'q'.repeat(r.int(9000))}`])
      : r.next() < 0.1
        ? `/${'a'.repeat(8000 + r.int(80_000))}`
        : r.pick(TARGETS)
  const method = family === 1 ? r.pick(METHODS) : r.pick(['GET', 'POST', 'HEAD', 'GET', 'POST'])
  const version = family === 2 ? r.pick(VERSIONS) : 'HTTP/1.1'
  const lines: string[] = [`${method} ${target} ${version}`.trimEnd()]
  const headers: string[] = []
  if (r.next() < 0.9) headers.push(`Host: ${r.pick(['127.0.0.1', '[', '', 'a'.repeat(500), 'evil.example'])}`)
  let body: Buffer = Buffer.alloc(0)
  const addBody = () => {
    body = r.next() < 0.5 ? Buffer.from(JSON.stringify({ event: 'x', n: r.int(1e6) })) : r.bytes(r.int(3000))
  }
  switch (family) {
    case 3: {
      // Content-Length lies and conflicts.
      addBody()
      const cl = r.pick([
        '-1',
        'abc',
        '',
        '1e9',
        '99999999999999999999',
        '0x10',
        ' 5',
        '5, 6',
        String(body.length + 10),
      ])
      headers.push(`Content-Length: ${cl}`)
      if (r.next() < 0.4) headers.push(`Content-Length: ${r.int(100)}`)
      if (r.next() < 0.3) headers.push('Transfer-Encoding: chunked')
      break
    }
    case 4: {
      // Chunked garbage.
      headers.push(
        `Transfer-Encoding: ${r.pick(['chunked', 'chunked, gzip', 'gzip, chunked', 'xchunked', 'chunked\tx'])}`,
      )
      const pieces = [
        'zz\r\nabc\r\n',
        'ffffffffffffffff\r\n',
        '5\r\nab\r\n',
        '3;ext=\u0000\r\nabc\r\n',
        '-1\r\n',
        '0\r\nTrailer: x\r\n',
        '4\r\nabcd',
        '0\r\n\r\n',
      ]
      body = Buffer.from(Array.from({ length: 1 + r.int(4) }, () => r.pick(pieces)).join(''))
      break
    }
    case 5: {
      // Duplicated, oversized and invalid headers.
      const count = 1 + r.int(6)
      for (let i = 0; i < count; i++) {
        headers.push(
          r.pick([
            'Host: second.example',
            `X-Big: ${'b'.repeat(r.int(60_000))}`,
            'NoColonHere',
            'Bad Name: x',
            ': empty-name',
            'X-Nul: a\u0000b',
            ' folded: continuation',
            'Content-Type: application/json; charset=%',
            'X-Webhook-Signature: zz',
            `X-Webhook-Signature: ${'f'.repeat(64)}`,
            'X-Idempotency-Key: ',
            `X-Idempotency-Key: ${'k'.repeat(5000)}`,
            'Accept-Language: \u00ff\u00fe;q=%',
            `Accept-Language: ${'en-US,'.repeat(2000)}`,
            'CF-Connecting-IP: [',
            `X-Forwarded-For: ${'1.2.3.4, '.repeat(500)}`,
            'Expect: 100-continue',
            'Connection: keep-alive, Upgrade, close',
          ]),
        )
      }
      if (r.next() < 0.5) addBody()
      if (body.length) headers.push(`Content-Length: ${body.length}`)
      break
    }
    case 6: {
      // Bad UTF-8 (and raw high bytes) in the target and headers.
      const raw = Buffer.concat([
        Buffer.from(`${method} /`),
        r.pick([Buffer.from([0xc3, 0x28]), Buffer.from([0xff, 0xfe]), Buffer.from([0xe2, 0x82]), r.bytes(8)]),
        Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bytes: `),
        r.bytes(16),
        Buffer.from('\r\n\r\n'),
      ])
      return raw
    }
    case 7:
    case 8: {
      // Upgrade requests with junk (the preview's /bridge and everything else).
      lines[0] = `GET ${r.next() < 0.5 ? r.pick(TARGETS) : target} HTTP/1.1`
      headers.push(`Upgrade: ${r.pick(['websocket', 'WebSocket', 'h2c', '', 'x'.repeat(300)])}`)
      headers.push(`Connection: ${r.pick(['Upgrade', 'upgrade, keep-alive', 'close', ''])}`)
      if (r.next() < 0.7)
        headers.push(`Sec-WebSocket-Key: ${r.pick(['dGhlIHNhbXBsZSBub25jZQ==', '', '!!!', 'a'.repeat(200)])}`)
      if (r.next() < 0.7) headers.push(`Sec-WebSocket-Version: ${r.pick(['13', '8', '99', 'x', ''])}`)
      if (r.next() < 0.7)
        headers.push(`Origin: ${r.pick([hints.origin, 'null', 'http://[', '', 'http://evil.example'])}`)
      if (r.next() < 0.3)
        headers.push(
          `Sec-WebSocket-Extensions: ${r.pick(['permessage-deflate; client_max_window_bits=99', ';;;', 'x'])}`,
        )
      if (r.next() < 0.3) body = r.bytes(r.int(200))
      break
    }
    default: {
      // Plausible requests with an odd target.
      if (method === 'POST') {
        addBody()
        headers.push(`Content-Length: ${body.length}`, 'Content-Type: application/json')
      }
    }
  }
  lines.push(...headers)
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body])
}

/**
 * Writes each request on its own connection (sometimes in pieces, sometimes
 * cut short or reset), reads until the server answers or `waitMs` passes,
 * then closes. Resolves with how many got any answer bytes.
 */
export async function sendAll(
  port: number,
  requests: readonly Buffer[],
  r: Random,
  options: { concurrency?: number; waitMs?: number } = {},
): Promise<{ answered: number }> {
  const concurrency = options.concurrency ?? 24
  const waitMs = options.waitMs ?? 250
  let next = 0
  let answered = 0
  const one = (bytes: Buffer, cut: number) =>
    new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      let got = false
      let finished = false
      const done = () => {
        if (finished) return
        finished = true
        clearTimeout(timer)
        if (!socket.destroyed) {
          if (cut === 1) socket.resetAndDestroy()
          else socket.destroy()
        }
        if (got) answered++
        resolve()
      }
      const timer = setTimeout(done, waitMs)
      socket.on('data', () => {
        got = true
      })
      socket.on('error', () => {})
      socket.on('close', done)
      socket.on('connect', () => {
        if (cut === 2) {
          // Half the request, then a reset.
          socket.write(bytes.subarray(0, Math.max(1, bytes.length >> 1)), () => socket.resetAndDestroy())
          return
        }
        if (cut === 3 && bytes.length > 2) {
          const at = 1 + (bytes[0]! % (bytes.length - 1))
          socket.write(bytes.subarray(0, at))
          setTimeout(() => !socket.destroyed && socket.write(bytes.subarray(at)), 5)
          return
        }
        socket.write(bytes)
      })
    })
  const cuts = requests.map(() => (r.next() < 0.15 ? 1 + r.int(3) : 0))
  const worker = async () => {
    while (next < requests.length) {
      const i = next++
      await one(requests[i]!, cuts[i]!)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { answered }
}

/** Collects what would have crashed the process (vitest would report these too; here they fail the test by name). */
export function watchForCrashes() {
  const crashes: unknown[] = []
  const onError = (error: unknown) => crashes.push(error)
  process.on('uncaughtException', onError)
  process.on('unhandledRejection', onError)
  return {
    crashes,
    stop() {
      process.off('uncaughtException', onError)
      process.off('unhandledRejection', onError)
    },
  }
}
