import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createKapsoClient } from '../../../../src/main/kapso'
import { createLogger } from '../../../../src/main/log/logger'
import { startSandbox } from '../../../../src/main/sandbox/sandboxServer'
import { openDatabase } from '../../../../src/main/store/database'
import { migrations } from '../../../../src/main/store/migrations'
import type { OpenTunnel } from '../../../../src/main/tunnel/tunnel'
import { WebhookService } from '../../../../src/main/webhooks/listenSession'
import { DeafWatch } from '../../../../src/main/webhooks/watch/deafWatch'
import { createWebhookApi } from '../../../../src/main/webhooks/webhookApi'
import type { ListenStatus } from '../../../../src/shared/webhooks/session'
import { tempDataDir } from '../../../support/tempDir'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A stand-in for a quick tunnel: a real HTTP proxy to the receiver on a new port (so a new URL) each time. */
function proxyTunnels() {
  const opened: Array<OpenTunnel & { kill(): Promise<void> }> = []
  return {
    opened,
    provider: {
      kind: 'cloudflared' as const,
      async open(port: number) {
        const server = createServer((req, res) => {
          const upstream = request(
            { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers)
              answer.pipe(res)
            },
          )
          upstream.on('error', () => res.destroy())
          req.pipe(upstream)
        })
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
        const listeners: Array<(m: string) => void> = []
        const stop = () =>
          new Promise<void>((r) => {
            server.close(() => r())
            server.closeAllConnections()
          })
        const tunnel = {
          publicUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          onClosed: (l: (m: string) => void) => listeners.push(l),
          close: stop,
          async kill() {
            await stop()
            for (const l of listeners) l('The tunnel process exited.')
          },
        }
        opened.push(tunnel)
        cleanups.push(stop)
        return tunnel
      },
    },
  }
}

describe('tunnel comes back at a new URL', () => {
  test('the watch reopens a dead tunnel, offers the new URL, and adopting it updates Kapso and proves it end to end', async () => {
    const sandbox = await startSandbox({ customers: 1, webhookRetryDelaysMs: [] })
    cleanups.push(() => sandbox.close())
    const data = tempDataDir('kapso-tunnel-')
    cleanups.push(() => data.remove())
    const db = openDatabase(join(data.dir, 'cache.sqlite'), migrations)
    cleanups.push(() => db.close())
    const log = createLogger({ level: 'error' })
    const client = createKapsoClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, log })
    const tunnels = proxyTunnels()
    const statuses: ListenStatus[] = []
    const service = new WebhookService({
      database: { current: async () => db, onSwitch: () => () => {} },
      api: async () => createWebhookApi(client),
      tunnels: () => tunnels.provider,
      defaultTunnel: async () => 'cloudflared',
      installId: '0123456789abcdef',
      log,
      emit: { received: () => {}, status: (s) => statuses.push(s), pruned: () => {} },
    })
    cleanups.push(() => service.dispose())
    const watch = new DeafWatch({
      session: () => service.watchTarget(),
      restartReceiver: () => service.restartReceiver(),
      tunnelDied: () => service.status().tunnel.state === 'error',
      reconnectTunnel: async () => {
        await service.reconnectTunnel()
      },
      deliveries: async () => client.deliveries,
      events: () => service.events(),
      log,
      emit: () => {},
    })

    const started = await service.start({})
    const oldUrl = started.webhookUrl!
    expect(oldUrl.startsWith(tunnels.opened[0]!.publicUrl)).toBe(true)
    await watch.tick()
    expect(watch.status().deafSince).toBeNull()

    // The tunnel process dies; Kapso's deliveries now fail.
    await tunnels.opened[0]!.kill()
    expect(service.status()).toMatchObject({ state: 'error', tunnel: { state: 'error' } })
    const hook = started.registered[0]!
    const [lost] = await sandbox.deliverEvent(
      'whatsapp.phone_number.created',
      { phone_number_id: '1' },
      { webhookId: hook.id },
    )
    expect(lost!.delivery.status).toBe('failed')

    // The watch notices, reopens the tunnel, and offers (does not adopt) the new URL.
    await watch.tick()
    const offered = service.status()
    expect(watch.status().deafReason).toBe('the public webhook URL (tunnel) stopped answering')
    expect(offered.state).toBe('listening')
    expect(offered.pendingWebhookUrl).not.toBeNull()
    expect(offered.pendingWebhookUrl).not.toBe(oldUrl)
    expect(offered.pendingWebhookUrl!.startsWith(tunnels.opened[1]!.publicUrl)).toBe(true)
    expect(sandbox.store.webhooks.get(hook.id)!.url).toBe(oldUrl)

    // Adopting it: Kapso's webhook points at the new URL and a test event arrives through the new tunnel.
    const adopted = await service.adoptNewUrl()
    expect(sandbox.store.webhooks.get(hook.id)!.url).toBe(offered.pendingWebhookUrl)
    expect(adopted).toMatchObject({ pendingWebhookUrl: null, webhookUrl: offered.pendingWebhookUrl })
    expect(adopted.lastTest).toMatchObject({ ok: true })
    expect(adopted.lastTest!.message).toMatch(/arrived end to end/)

    // Hearing again, the watch lists what was lost while the tunnel was down.
    await watch.tick()
    const gap = watch.status().lastGap!
    expect(gap.missed.map((m) => m.id)).toEqual([lost!.delivery.id])
  })
})
