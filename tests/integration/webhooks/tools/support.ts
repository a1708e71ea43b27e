import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo, LookupFunction } from 'node:net'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { createCore } from '../../../../src/main/core/createCore'
import { dispatch } from '../../../../src/main/ipc/dispatch'
import { createLogger } from '../../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../../src/main/sandbox/sandboxServer'
import { createMemorySecretStore } from '../../../../src/main/secrets/memorySecretStore'
import type { ForwardAttempt } from '../../../../src/shared/webhooks/forwarding'
import type { ListenStatus } from '../../../../src/shared/webhooks/session'
import { tempDataDir } from '../../../support/tempDir'

// biome-ignore lint/suspicious/noExplicitAny: tests read bodies loosely
export type Json = any

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

export async function sandboxFor(): Promise<Sandbox> {
  const sandbox = await startSandbox({ customers: 2, webhookRetryDelaysMs: [50, 100, 150] })
  cleanups.push(() => sandbox.close())
  return sandbox
}

/** A console core on the sandbox, driven through the same dispatch path as IPC. */
export function consoleFor(
  sandbox: Sandbox,
  reuse?: { dir: string; secrets: ReturnType<typeof createMemorySecretStore> },
  extra: { forwardLookup?: LookupFunction } = {},
) {
  const data = reuse ? { dir: reuse.dir, remove: () => {} } : tempDataDir('kapso-tools-')
  const log = createLogger({ file: join(data.dir, 'logs', 'test.log'), level: 'debug' })
  const secrets = reuse?.secrets ?? createMemorySecretStore()
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets,
    log,
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
    ...extra,
  })
  const forwarded: ForwardAttempt[] = []
  core.events.subscribe((event, items) => {
    if (event === 'webhooks.forwarded') forwarded.push(...(items as ForwardAttempt[]))
  })
  let disposed = false
  const dispose = async () => {
    if (disposed) return
    disposed = true
    await core.dispose()
  }
  cleanups.push(async () => {
    await dispose()
    data.remove()
  })
  const call = async <T = Json>(name: string, input: unknown = {}): Promise<T> => {
    const result = await dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
    return result.data as T
  }
  const listen = async () => {
    const status = await call<ListenStatus>('webhooks.startListening', {})
    return {
      status,
      receiver: `http://127.0.0.1:${status.receiver.port}${new URL(status.webhookUrl!).pathname}`,
    }
  }
  return { core, call, listen, forwarded, dir: data.dir, secrets, dispose }
}

export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/** A real local HTTP server standing in for a developer's app behind `--forward-to`. */
export async function targetServer(
  port = 0,
  answer: (r: Received) => { status: number; body: string } = (r) => ({
    status: 200,
    body: `ok ${r.path}`,
  }),
  /** The address it listens on: loopback, or one of this machine's network addresses. */
  host = '127.0.0.1',
) {
  const requests: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      }
      requests.push(r)
      const a = answer(r)
      res.writeHead(a.status, { 'Content-Type': 'text/plain' })
      res.end(a.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  let closed = false
  cleanups.push(() => (closed ? undefined : close()))
  return {
    requests,
    port: (server.address() as AddressInfo).port,
    get url() {
      return `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`
    },
    async close() {
      closed = true
      server.closeAllConnections()
      await close()
    },
  }
}

/** A port nothing listens on: bound once, then released. */
export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

export { until } from '../../../support/until'
