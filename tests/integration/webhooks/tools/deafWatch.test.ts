import { describe, expect, test } from 'vitest'
import { createKapsoClient } from '../../../../src/main/kapso'
import { createLogger } from '../../../../src/main/log/logger'
import { startSandbox } from '../../../../src/main/sandbox/sandboxServer'
import { DeafWatch } from '../../../../src/main/webhooks/watch/deafWatch'
import type { WatchStatus } from '../../../../src/shared/webhooks/watch'
import { consoleFor, until } from './support'

async function setup(now?: () => number) {
  // One attempt per delivery, so what fails while the receiver is down stays failed.
  const sandbox = await startSandbox({ customers: 2, webhookRetryDelaysMs: [] })
  const c = consoleFor(sandbox)
  const { status } = await c.listen()
  const log = createLogger({ level: 'error' })
  const statuses: WatchStatus[] = []
  const watch = new DeafWatch({
    session: () => c.core.webhooks.watchTarget(),
    restartReceiver: () => c.core.webhooks.restartReceiver(),
    deliveries: async () =>
      createKapsoClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, log }).deliveries,
    events: () => c.core.webhooks.events(),
    log,
    emit: (s) => statuses.push(s),
    ...(now ? { now } : {}),
  })
  const projectHook = status.registered.find((w) => w.phoneNumberId === null)!
  const deliver = () =>
    sandbox.deliverEvent(
      'whatsapp.phone_number.created',
      { phone_number_id: '555', customer: { id: 'c' } },
      {
        webhookId: projectHook.id,
      },
    )
  return { ...c, sandbox, watch, statuses, deliver, close: () => sandbox.close() }
}

describe('never silently deaf', () => {
  test('the receiver stops while Kapso keeps delivering: the gap is noticed, the receiver comes back, the missed deliveries are listed', async () => {
    const s = await setup()
    try {
      await s.watch.tick()
      expect(s.watch.status()).toMatchObject({ deafSince: null, lastGap: null })
      // Heard before the gap: this one must not be listed as missed.
      await s.deliver()
      await until(
        'the first event',
        async () => (await s.call('webhooks.listEvents', {})).events.length === 1 || undefined,
      )

      // The receiver goes away (as after a crash of its socket) while the sandbox keeps delivering.
      // biome-ignore lint/complexity/useLiteralKeys: the test reaches the private receiver to stop it
      await s.core.webhooks['receiver']!.close()
      const failed = [...(await s.deliver()), ...(await s.deliver())]
      expect(failed.map((r) => r.delivery.status)).toEqual(['failed', 'failed'])

      await s.watch.tick()
      const status = s.watch.status()
      expect(status.deafSince).toBeNull()
      expect(status.lastGap).toMatchObject({
        reason: 'the receiver stopped answering',
        attempted: 3,
        error: null,
      })
      expect(status.lastGap!.missed.map((m) => m.id).sort()).toEqual(failed.map((r) => r.delivery.id).sort())
      expect(status.lastGap!.missed[0]).toMatchObject({ status: 'failed', localEventId: null })
      // The renderer heard it go deaf, then the comparison.
      expect(s.statuses.some((x) => x.lastGap?.checkedAt === null)).toBe(true)

      // The receiver is back on the same port: the registered URL reaches it again.
      const [after] = await s.deliver()
      expect(after!.delivery.status).toBe('delivered')
      expect((await s.call('webhooks.listEvents', {})).total).toBe(2)

      // Check again still lists the same two; dismiss clears the banner.
      expect((await s.call('webhooks.watch.getStatus')).lastGap).toBeNull() // the core's own watch saw nothing
      expect((await s.watch.recheck()).lastGap!.missed).toHaveLength(2)
      expect(s.watch.dismiss().lastGap).toBeNull()
    } finally {
      await s.close()
    }
  })

  test('a tick far later than scheduled counts as sleep; what Kapso sent meanwhile is compared', async () => {
    let clock = Date.now()
    const s = await setup(() => clock)
    try {
      await s.watch.tick()
      const before = clock
      // The computer sleeps for ten minutes; Kapso's delivery during that time reached nobody... here it did arrive,
      // so it is attempted but not missed.
      clock += 10 * 60_000
      await s.deliver()
      await s.watch.tick()
      const gap = s.watch.status().lastGap!
      expect(gap.reason).toBe('the computer slept or the app was suspended')
      expect(Date.parse(gap.from)).toBe(before)
      expect(gap).toMatchObject({ attempted: 1, missed: [] })
    } finally {
      await s.close()
    }
  })
})

describe('resume from sleep', () => {
  test('the host’s resume signal makes the console’s own watch check at once, and a long gap is reported', async () => {
    const sandbox = await startSandbox({ customers: 1, webhookRetryDelaysMs: [] })
    const c = consoleFor(sandbox)
    try {
      await c.listen()
      // The first check (as on resume) finds the session hearing; nothing to report.
      c.core.webhooks.resumed()
      await new Promise((r) => setTimeout(r, 200))
      expect((await c.call<WatchStatus>('webhooks.watch.getStatus')).deafSince).toBeNull()
      // The receiver goes away; the next resume signal finds it deaf, restarts it and reports the gap.
      // biome-ignore lint/complexity/useLiteralKeys: the test reaches the private receiver to stop it
      await c.core.webhooks['receiver']!.close()
      c.core.webhooks.resumed()
      const status = await until(
        'the gap report',
        async () => {
          const s = await c.call<WatchStatus>('webhooks.watch.getStatus')
          return s.lastGap?.checkedAt ? s : undefined
          // Well inside the 10 s probe interval: only the resume signal can have caused this check.
        },
        3_000,
      )
      expect(status.lastGap).toMatchObject({ reason: 'the receiver stopped answering', error: null })
    } finally {
      await sandbox.close()
    }
  })
})
