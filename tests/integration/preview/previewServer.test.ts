import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { type Core, createCore } from '../../../src/main/core/createCore'
import { createLogger } from '../../../src/main/log/logger'
import { type PreviewServer, startPreviewServer } from '../../../src/main/preview/previewServer'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import { tempDataDir } from '../../support/tempDir'

let server: PreviewServer
let core: Core
const data = tempDataDir()
const logFile = join(data.dir, 'logs', 'preview.log')

beforeAll(async () => {
  const rendererDir = join(data.dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore(),
    log: createLogger({ file: logFile }),
    sandbox: async () => ({ url: 'http://127.0.0.1:9', apiKey: 'sandbox-preview-test-key' }),
  })
  server = await startPreviewServer({ core, rendererDir, port: 0, checkOutput: true })
})

afterAll(async () => {
  await server.close()
  await core.dispose()
  data.remove()
})

/** Opens the bridge socket; resolves with the socket or rejects with the HTTP status of a refusal. */
function open(options: { origin?: string; token?: string } = {}): Promise<WebSocket> {
  const token = options.token ?? server.token
  const ws = new WebSocket(
    `${server.origin.replace('http', 'ws')}/bridge?token=${encodeURIComponent(token)}`,
    {
      origin: options.origin ?? server.origin,
    },
  )
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function call(
  ws: WebSocket,
  frame: unknown,
): Promise<{ id: number | null; result: { ok: boolean; error?: { code: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (raw) => resolve(JSON.parse(raw.toString())))
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  })
}

describe('web preview bridge', () => {
  test('serves the renderer with the CSP header and binds to loopback only', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${server.origin}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const climb = await fetch(`${server.origin}/..%2f..%2fpackage.json`)
    expect([403, 404]).toContain(climb.status)
  })

  test('the app origin with the launch token reaches the core', async () => {
    const ws = await open()
    const reply = await call(ws, { id: 1, call: 'app.getAbout' })
    expect(reply).toMatchObject({ id: 1, result: { ok: true, data: { appVersion: '0.0.0-test' } } })
    ws.close()
  })

  test('a foreign origin is refused before any call, and the refusal is logged', async () => {
    await expect(open({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403')
    await expect(open({ origin: 'http://127.0.0.1:1' })).rejects.toThrow('HTTP 403')
    expect(readFileSync(logFile, 'utf8')).toContain('foreign origin')
  })

  test('a wrong or missing token is refused, and the token never reaches the log', async () => {
    await expect(open({ token: 'guess' })).rejects.toThrow('HTTP 403')
    await expect(open({ token: '' })).rejects.toThrow('HTTP 403')
    const log = readFileSync(logFile, 'utf8')
    expect(log).toContain('bad token')
    expect(log).not.toContain(server.token)
  })

  test('malformed frames, unknown calls and invalid input get clear errors and the socket keeps working', async () => {
    const ws = await open()
    expect((await call(ws, 'not json')).result.error?.code).toBe('validation')
    expect((await call(ws, { id: 'x', call: 5 })).result.error?.code).toBe('validation')
    expect((await call(ws, { id: 2, call: 'app.dropTables' })).result.error?.code).toBe('unknown_call')
    expect((await call(ws, { id: 3, call: 'app.getAbout', input: { evil: true } })).result.error?.code).toBe(
      'validation',
    )
    expect((await call(ws, { id: 4, call: 'app.getAbout' })).result.ok).toBe(true)
    ws.close()
  })

  test('events emitted by the core reach the page in batches', async () => {
    const ws = await open()
    const received = new Promise<{ event: string; items: unknown[] }>((resolve) =>
      ws.once('message', (raw) => resolve(JSON.parse(raw.toString()))),
    )
    for (let i = 0; i < 10; i++) core.events.emit('app.notice', { level: 'info', title: `hello ${i}` })
    const frame = await received
    expect(frame.event).toBe('app.notice')
    expect(frame.items).toHaveLength(10)
    ws.close()
  })
})
