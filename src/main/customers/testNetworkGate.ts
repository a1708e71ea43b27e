import { existsSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { SANDBOX_PROJECT_ID } from '../../shared/projects/project'
import { createKapsoClient } from '../kapso'
import type { ClientFactory } from '../kapso/activeProjectClient'

/**
 * TEST ONLY. With KAPSO_TEST_ONLY_SANDBOX_GATE_FILE set, the customers
 * capability reaches the built-in Sandbox through this loopback relay, and
 * the relay refuses connections (and cuts open ones) while that file exists:
 * the E2E tests create the file to make the sandbox unreachable and delete it
 * to bring it back. Never set in the app.
 */
export const TEST_GATE_ENV = 'KAPSO_TEST_ONLY_SANDBOX_GATE_FILE'

/**
 * TEST ONLY. With the gate file named in `env`, a client factory that reaches the built-in Sandbox
 * through the relay (other projects directly), with short retries, and a close for the relay;
 * otherwise undefined (the app's shared clients). Each capability gets its own relay, started on first use.
 */
export function testGateClients(
  env: Record<string, string | undefined>,
): { clientFor: ClientFactory; close(): Promise<void> } | undefined {
  const gateFile = env[TEST_GATE_ENV]
  if (!gateFile) return undefined
  let gate: Promise<TestGate> | null = null
  return {
    clientFor: async (active, log) => {
      let baseUrl = active.baseUrl
      if (active.project.id === SANDBOX_PROJECT_ID) {
        gate ??= startTestGate(active.baseUrl, gateFile)
        baseUrl = (await gate).url
      }
      return createKapsoClient({
        baseUrl,
        apiKey: () => active.apiKey(),
        log,
        retry: { maxAttempts: 2, maxTotalMs: 2_000 },
      })
    },
    close: async () => {
      if (gate) await (await gate).close()
    },
  }
}

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
