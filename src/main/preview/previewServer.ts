import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import type { Core } from '../core/createCore'
import { dispatch } from '../ipc/dispatch'
import { guardConnections } from '../net/connectionGuard'
import { buildCsp } from '../security/csp'
import { readStatic } from '../security/staticFiles'
import { ClientMessageSchema } from './wireMessages'

export interface PreviewServerOptions {
  core: Core
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. Always bound to 127.0.0.1. */
  port?: number
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string
  checkOutput?: boolean
  /** Headers must be complete within this time (slow-loris); tests shorten it. */
  headersTimeoutMs?: number
}

export interface PreviewServer {
  /** Open this in a browser: it carries the per-launch token in the fragment. */
  url: string
  origin: string
  token: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const MAX_MESSAGE_BYTES = 1024 * 1024

/**
 * The web preview: serves the built renderer on loopback and carries the IPC
 * contract over a WebSocket. A development aid, never started by the app.
 * Three gates stand in for Electron's sender check: loopback binding, an exact
 * Origin match, and a random per-launch token.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { core } = options
  const log = core.log
  const token = options.token ?? randomBytes(24).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const csp = buildCsp()
  let origin = ''

  const serveFile = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const file = await readStatic(options.rendererDir, req.url ?? '/')
    if (res.destroyed) return
    res.writeHead(file.status, {
      'Content-Type': file.type,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  const http: Server = createServer(
    {
      // Slow-loris sockets are closed: headers within 10 s, a whole request within 30 s, idle keep-alive 5 s.
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
      maxHeaderSize: 32 * 1024,
    },
    (req, res) => {
      // A request that fails is answered 500; it must never reject into an unhandled rejection (which exits).
      serveFile(req, res).catch((error) => {
        log.error('preview request failed', { error: log.redactor.value(error) })
        if (!res.headersSent && !res.destroyed) res.writeHead(500).end()
        else res.destroy()
      })
    },
  )
  const guard = guardConnections(http, { name: 'web preview', max: 128, perAddress: 96, log })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  const refuse = (req: IncomingMessage, socket: import('node:stream').Duplex, why: string) => {
    log.warn('preview bridge refused', {
      why,
      origin: String(req.headers.origin ?? '(none)').slice(0, 200),
      remote: req.socket.remoteAddress,
    })
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    setTimeout(() => socket.destroy(), 1000).unref()
  }

  http.on('upgrade', (req, socket, head) => {
    // Node stops watching an upgraded socket's errors: a reset before the handshake ends must not go uncaught.
    socket.on('error', () => socket.destroy())
    let url: URL
    try {
      // Any target can arrive here (`http://[`, `//`, `%`); only an exact /bridge path is parsed on.
      url = new URL(`http://bridge.invalid${(req.url ?? '/').startsWith('/') ? req.url : '/'}`)
    } catch {
      return refuse(req, socket, 'malformed target')
    }
    if (url.pathname !== '/bridge') return refuse(req, socket, 'unknown path')
    if (req.headers.origin !== origin) return refuse(req, socket, 'foreign origin')
    const given = Buffer.from(url.searchParams.get('token') ?? '')
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
      return refuse(req, socket, 'bad token')
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      guard.hold(req.socket)
      attach(ws, req.socket.remoteAddress ?? '?')
    })
  })

  const sockets = new Set<WebSocket>()
  const unsubscribe = core.events.subscribe((event, items) => {
    const frame = JSON.stringify({ event, items })
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame)
  })

  function attach(ws: WebSocket, remote: string) {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('error', () => sockets.delete(ws))
    ws.on('message', async (raw) => {
      let message: unknown
      try {
        message = JSON.parse(raw.toString())
      } catch {
        log.warn('preview bridge: message is not JSON', { remote })
        ws.send(JSON.stringify({ id: null, result: notValid('The message is not JSON.') }))
        return
      }
      const parsed = ClientMessageSchema.safeParse(message)
      if (!parsed.success) {
        log.warn('preview bridge: malformed message', { remote })
        const id = (message as { id?: unknown })?.id
        ws.send(
          JSON.stringify({ id: typeof id === 'number' ? id : null, result: notValid('Malformed message.') }),
        )
        return
      }
      const result = await dispatch(core.handlers, log, parsed.data.call, parsed.data.input, {
        origin: `ws:${remote}`,
        checkOutput: options.checkOutput ?? false,
      })
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: parsed.data.id, result }))
    })
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, HOST, () => resolve())
  })
  const { port } = http.address() as AddressInfo
  origin = `http://${HOST}:${port}`

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

function notValid(message: string) {
  return { ok: false, error: { code: 'validation', message } }
}
