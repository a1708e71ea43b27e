import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { startPreviewServer } from '../../../src/main/preview/previewServer'
import { rawExchange } from '../webhooks/helpers'
import { fuzzSeed, hostileRequest, seededRandom, sendAll, watchForCrashes } from './fuzz'
import { listeningCore } from './world'

/**
 * Every server the app runs against thousands of malformed requests over raw
 * sockets: bad targets (`http://[`, `//`, `%`, absolute-form, huge paths),
 * odd methods and versions, duplicated/oversized/invalid headers, lying
 * Content-Length, chunked garbage, bad UTF-8, junk upgrades, cut and reset
 * connections. Afterwards the process has not crashed (no uncaught exception
 * or unhandled rejection) and the server still answers a valid request.
 * Replay a failure with FUZZ_SEED=<the printed seed>; FUZZ_SEED=random (and
 * FUZZ_COUNT=<n>) explores new requests.
 */

const COUNT = Number(process.env.FUZZ_COUNT) || 2500
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function fuzzRun(server: string, paths: string[], origin: string) {
  const seed = fuzzSeed()
  console.log(`[fuzz] ${server}: ${COUNT} requests, seed ${seed} (replay: FUZZ_SEED=${seed})`)
  const r = seededRandom(seed)
  const requests = Array.from({ length: COUNT }, () => hostileRequest(r, { paths, origin }))
  return { seed, r, requests }
}

describe('hostile input: fuzzing every server', () => {
  test('the webhook receiver (deliveries, tunnel-facing headers, redirect catcher pages) survives and still answers', async () => {
    const crashes = watchForCrashes()
    cleanups.push(() => crashes.stop())
    const w = await listeningCore()
    cleanups.push(() => w.close())
    const { seed, r, requests } = fuzzRun(
      'receiver',
      [w.sessionPath, `${w.sessionPath}/x`, '/setup/success', '/setup/failure', '/'],
      w.receiverOrigin,
    )
    const { answered } = await sendAll(w.port, requests, r)
    console.log(`[fuzz] receiver: ${answered} of ${requests.length} connections got an answer`)
    expect(crashes.crashes, `seed ${seed}`).toEqual([])

    // A signed delivery to the session path is stored and acknowledged.
    const body = JSON.stringify({ message: { id: 'wamid.after-fuzz' }, phone_number_id: '1' })
    const res = await fetch(`${w.receiverOrigin}${w.sessionPath}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Webhook-Event': 'whatsapp.message.received',
        'X-Webhook-Signature': w.sign(body),
        'X-Idempotency-Key': `after-fuzz-${seed}`,
      },
      body,
      signal: AbortSignal.timeout(5000),
    })
    expect(res.status, `seed ${seed}`).toBe(200)
    // The redirect catcher still serves its page.
    const page = await fetch(`${w.receiverOrigin}/setup/failure?error_code=link_expired`, {
      signal: AbortSignal.timeout(5000),
    })
    expect(page.headers.get('content-type')).toContain('text/html')
    // And the core still answers IPC.
    expect((await w.call('webhooks.getStatus')).state).toBe('listening')
    expect(crashes.crashes, `seed ${seed}`).toEqual([])
  }, 180_000)

  test('the web preview (static files and the /bridge WebSocket upgrade) survives and still answers', async () => {
    const crashes = watchForCrashes()
    cleanups.push(() => crashes.stop())
    const w = await listeningCore()
    cleanups.push(() => w.close())
    const rendererDir = join(w.dir, 'renderer')
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>preview</title>')
    const preview = await startPreviewServer({ core: w.core, rendererDir, port: 0, checkOutput: true })
    cleanups.push(() => preview.close())
    const port = Number(new URL(preview.origin).port)
    // The audit's one-request crash, first and by name: an upgrade whose target is `http://[`.
    const crashRequest = await rawExchange(port, [
      `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: ${preview.origin}\r\n\r\n`,
    ])
    expect(crashRequest.response).toMatch(/^HTTP\/1\.1 (400|403)/)
    expect(crashes.crashes).toEqual([])
    const { seed, r, requests } = fuzzRun(
      'preview',
      ['/', '/index.html', '/bridge', `/bridge?token=${preview.token}`],
      preview.origin,
    )
    const { answered } = await sendAll(port, requests, r)
    console.log(`[fuzz] preview: ${answered} of ${requests.length} connections got an answer`)
    expect(crashes.crashes, `seed ${seed}`).toEqual([])

    const res = await fetch(`${preview.origin}/`, { signal: AbortSignal.timeout(5000) })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('preview')
    const ws = new WebSocket(`${preview.origin.replace('http', 'ws')}/bridge?token=${preview.token}`, {
      origin: preview.origin,
    })
    cleanups.push(() => ws.terminate())
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const reply = await new Promise<{ id: number; result: { ok: boolean } }>((resolve) => {
      ws.once('message', (raw) => resolve(JSON.parse(raw.toString())))
      ws.send(JSON.stringify({ id: 7, call: 'webhooks.getStatus' }))
    })
    expect(reply).toMatchObject({ id: 7, result: { ok: true } })
    expect(crashes.crashes, `seed ${seed}`).toEqual([])
  }, 180_000)
})
