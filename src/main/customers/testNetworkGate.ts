import { existsSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * TEST ONLY. With KAPSO_TEST_ONLY_SANDBOX_GATE_FILE set, the customers
 * capability reaches the built-in Sandbox through this loopback relay, and
 * the relay refuses connections (and cuts open ones) while that file exists:
 * the E2E tests create the file to make the sandbox unreachable and delete it
 * to bring it back. Never set in the app.
 */
export const TEST_GATE_ENV = 'KAPSO_TEST_ONLY_SANDBOX_GATE_FILE'

export interface TestGate {
  url: string
  close(): Promise<void>
}

export async function startTestGate(targetUrl: string, flagFile: string): Promise<TestGate> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let port = 0
  let closed = false

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname)
        sockets.add(client)
        sockets.add(upstream)
        const drop = () => {
          client.destroy()
          upstream.destroy()
          sockets.delete(client)
          sockets.delete(upstream)
        }
        client.on('error', drop).on('close', drop)
        upstream.on('error', drop).on('close', drop)
        client.pipe(upstream)
        upstream.pipe(client)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port
        server = s
        resolve()
      })
    })

  const closeServer = () =>
    new Promise<void>((resolve) => {
      const s = server
      server = null
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      if (!s) resolve()
      else s.close(() => resolve())
    })

  await listen()
  // Closed gate = no listener on the port: connections are refused, as with a stopped server.
  const timer = setInterval(async () => {
    const shut = existsSync(flagFile)
    if (shut && server) await closeServer()
    else if (!shut && !server && !closed) await listen().catch(() => {})
  }, 100)
  timer.unref()
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      closed = true
      clearInterval(timer)
      await closeServer()
    },
  }
}
