import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { startPreviewServer } from '../../../src/main/preview/previewServer'
import { rawExchange } from '../webhooks/helpers'
import { listeningCore } from './world'

/**
 * Issue 12 item 1, the server half: idle TCP connections must not pile up in
 * this process. Each is a file descriptor, and above FD_SETSIZE (1024) the
 * keychain library's select() spins forever. 1,100 idle sockets are opened by
 * child processes (so the count measured here is the server's own), then one
 * real delivery must be answered within 2 s and IPC must still answer.
 */

const IDLE = 1100
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const openFds = () => readdirSync('/proc/self/fd').length
const fdLimit = () => readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\S+)\s+(\S+)/m)

/** A child process that opens `count` idle connections and holds them; resolves once all have connected. */
function holdIdleSockets(port: number, count: number) {
  const script = `
    const net = require('node:net'); let connected = 0, failed = 0; const held = []
    for (let i = 0; i < ${count}; i++) {
      const s = net.connect(${port}, '127.0.0.1'); held.push(s)
      s.on('connect', () => { connected++; report() }); s.on('error', () => { failed++; report() })
    }
    function report() { if (connected + failed === ${count}) process.stdout.write(JSON.stringify({ connected, failed }) + '\\n') }
    process.stdin.on('end', () => process.exit(0)); process.stdin.resume()`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  cleanups.push(() => child.kill())
  return new Promise<{ connected: number; failed: number }>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) resolve(JSON.parse(out))
    })
    child.once('exit', (code) => reject(new Error(`idle-socket holder exited with ${code}`)))
  })
}

describe('hostile input: idle sockets', () => {
  test(`${IDLE} idle TCP connections to the receiver: the process stays below FD_SETSIZE, a POST is answered within 2 s, IPC answers`, async () => {
    const limit = fdLimit()
    console.log(
      `[idle] this process: open-file limit soft ${limit?.[1]} hard ${limit?.[2]}, ${openFds()} fds open`,
    )
    const w = await listeningCore()
    cleanups.push(() => w.close())
    const before = openFds()

    // Two holders of 550 each, so neither needs more than a default limit of 1024 itself.
    const held = await Promise.all([holdIdleSockets(w.port, IDLE / 2), holdIdleSockets(w.port, IDLE / 2)])
    const connected = held.reduce((n, h) => n + h.connected, 0)
    console.log(`[idle] ${connected} of ${IDLE} idle connections were accepted by the kernel`)
    expect(connected).toBeGreaterThan(IDLE * 0.9)

    // Watch this process's descriptors while the server takes the connections in (a bounded window, 1.5 s).
    let most = openFds()
    for (const end = Date.now() + 1500; Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 20))
      most = Math.max(most, openFds())
    }
    console.log(
      `[idle] fds open here: ${before} before, at most ${most} while ${connected} idle sockets were held`,
    )
    expect(most, 'open descriptors in the app process').toBeLessThan(1024)

    const body = JSON.stringify({ message: { id: 'wamid.after-idle' }, phone_number_id: '1' })
    const started = performance.now()
    const res = await fetch(`${w.receiverOrigin}${w.sessionPath}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Webhook-Event': 'whatsapp.message.received',
        'X-Webhook-Signature': w.sign(body),
        'X-Idempotency-Key': 'after-idle-sockets',
      },
      body,
      signal: AbortSignal.timeout(2000),
    })
    const ms = Math.round(performance.now() - started)
    console.log(`[idle] the POST was answered ${res.status} in ${ms} ms`)
    expect(res.status).toBe(200)
    expect((await w.call('webhooks.getStatus')).state).toBe('listening')
    const events = await w.call('webhooks.listEvents', {})
    expect(events.events.length).toBe(1)
    // The limit was logged, once per window, not once per socket.
    const log = readFileSync(w.logFile, 'utf8')
    const lines = log.split('\n').filter((l) => l.includes('connection limit reached'))
    console.log(`[idle] "connection limit reached" log lines: ${lines.length}`)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.length).toBeLessThan(5)
  }, 60_000)

  test('slow-loris on the web preview: a socket that never finishes its headers is closed by the headers timeout', async () => {
    const w = await listeningCore()
    cleanups.push(() => w.close())
    const rendererDir = join(w.dir, 'renderer')
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>preview</title>')
    const preview = await startPreviewServer({ core: w.core, rendererDir, headersTimeoutMs: 500 })
    cleanups.push(() => preview.close())
    const port = Number(new URL(preview.origin).port)
    const drip = Array.from({ length: 40 }, (_, i) => [`X-Drip-${i}: x\r\n`, { waitMs: 100 }]).flat()
    // rawExchange fails if the socket is still open after 3 s (Node's own default would keep it 60 s).
    const { response, closedAfterMs } = await rawExchange(
      port,
      ['GET / HTTP/1.1\r\nHost: x\r\n', ...drip],
      3000,
    )
    console.log(
      `[idle] preview slow-loris socket closed after ${closedAfterMs} ms: ${response.split('\r\n')[0]}`,
    )
    expect(closedAfterMs).toBeLessThan(3000)
  }, 30_000)
})
