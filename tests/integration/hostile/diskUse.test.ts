import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { WebhookStorage } from '../../../src/shared/webhooks/session'
import { until } from '../../support/until'
import { fuzzSeed, seededRandom } from './fuzz'
import { listeningCore } from './world'

/**
 * Issue 12 item 5: what arrives from outside cannot fill the disk. Only the
 * session's paths are stored; unsigned or wrongly signed deliveries are kept
 * within their own 16 MiB; everything within the byte budget (oldest first).
 */

const MiB = 1024 * 1024
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** Bytes of every file under `dir` (the project's SQLite file and its WAL included). */
function diskBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size
  }
  return total
}

/** A JSON body of just under 1 MiB (the receiver's per-request limit) carrying its number. */
const bigBody = (n: number) => {
  const head = JSON.stringify({ message: { id: `wamid.${n}` }, n, pad: '' })
  return head.replace('"pad":""', `"pad":"${'x'.repeat(MiB - head.length - 16)}"`)
}

async function postAll(
  urls: string[],
  headersFor: (i: number, body: string) => Record<string, string>,
  concurrency = 6,
) {
  const statuses: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const i = next++
        const body = bigBody(i)
        const res = await fetch(urls[i]!, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headersFor(i, body) },
          body,
        }).catch((error: Error) => ({ status: -1, text: async () => error.message }))
        await res.text()
        statuses[i] = res.status
      }
    }),
  )
  return statuses
}

const count = (xs: number[], status: number) => xs.filter((s) => s === status).length

describe('hostile input: disk use', () => {
  test('unsigned 1 MiB posts: to other paths nothing is stored; to the session path they stay within their quota', async () => {
    const w = await listeningCore()
    cleanups.push(() => w.close())
    const r = seededRandom(fuzzSeed())
    const before = (await w.call<WebhookStorage>('webhooks.storageUsage')).bytes
    const diskBefore = diskBytes(w.dir)
    const logBefore = statSync(w.logFile).size

    const randomPaths = Array.from(
      { length: 200 },
      () => `${w.receiverOrigin}/${r.bytes(6).toString('hex')}/${r.int(1e6)}`,
    )
    const elsewhere = await postAll(randomPaths, () => ({}))
    expect(count(elsewhere, 404) + count(elsewhere, -1)).toBe(200)
    const afterElsewhere = await w.call<WebhookStorage>('webhooks.storageUsage')
    const diskGrowth = diskBytes(w.dir) - diskBefore
    console.log(
      `[disk] 200 × 1 MiB to random paths: stored +${afterElsewhere.bytes - before} B, disk +${diskGrowth} B`,
    )
    expect(afterElsewhere.bytes - before).toBe(0)
    expect(diskGrowth).toBeLessThan(2 * MiB)
    // Refusals are counted, but the log says so once per reason and window, not once per request.
    const logGrowth = statSync(w.logFile).size - logBefore
    console.log(`[disk] the log grew ${logGrowth} B for 200 refused posts`)
    expect(logGrowth).toBeLessThan(8 * 1024)

    const session = Array.from({ length: 200 }, () => `${w.receiverOrigin}${w.sessionPath}`)
    // Half unsigned, half wrongly signed: both are kept for diagnosis, within one quota.
    const stored = await postAll(
      session,
      (i): Record<string, string> => (i % 2 ? { 'X-Webhook-Signature': 'f'.repeat(64) } : {}),
    )
    expect(count(stored, 200)).toBe(200)
    const usage = await until('the unverified quota enforced', async () => {
      const u = await w.call<WebhookStorage>('webhooks.storageUsage')
      return u.unverifiedBytes <= u.unverifiedQuotaBytes ? u : undefined
    })
    console.log(
      `[disk] 200 × 1 MiB unverified to the session path: ${usage.unverifiedBytes} B kept of ${usage.unverifiedQuotaBytes}, ${usage.events} events, disk +${diskBytes(w.dir) - diskBefore} B`,
    )
    expect(usage.unverifiedQuotaBytes).toBe(16 * MiB)
    expect(usage.events).toBeGreaterThan(5)
    // The newest were kept (the oldest went first).
    const page = await w.call('webhooks.listEvents', { limit: 1000 })
    expect(page.total).toBe(usage.events)
    const kept = await Promise.all(
      page.events.map(
        async (e: { id: number }) => JSON.parse((await w.call('webhooks.getEvent', { id: e.id })).rawBody).n,
      ),
    )
    expect(Math.min(...kept)).toBeGreaterThan(150)
  }, 120_000)

  test('signed deliveries over the byte budget drop the oldest; the Settings call reports use and budget', async () => {
    const w = await listeningCore()
    cleanups.push(() => w.close())
    const settings = await w.call('webhooks.updateSettings', { retentionBytes: 16 * MiB })
    expect(settings.retentionBytes).toBe(16 * MiB)
    const refused = await w.call('webhooks.updateSettings', { retentionBytes: 10 }).catch((e) => e)
    expect(refused.code).toBe('validation')

    const urls = Array.from({ length: 40 }, () => `${w.receiverOrigin}${w.sessionPath}`)
    const statuses = await postAll(
      urls,
      (i, body) => ({ 'X-Webhook-Signature': w.sign(body), 'X-Idempotency-Key': `budget-${i}` }),
      1,
    )
    expect(count(statuses, 200)).toBe(40)
    const usage = await until('the byte budget enforced', async () => {
      const u = await w.call<WebhookStorage>('webhooks.storageUsage')
      return u.bytes <= u.budgetBytes ? u : undefined
    })
    console.log(`[disk] 40 × 1 MiB signed, budget 16 MiB: ${usage.bytes} B kept, ${usage.events} events`)
    expect(usage).toMatchObject({ budgetBytes: 16 * MiB, unverifiedBytes: 0, deliveries: usage.events })
    expect(usage.bytes).toBeGreaterThan(8 * MiB)
    const page = await w.call('webhooks.listEvents', { limit: 1000 })
    expect(page.total).toBe(usage.events)
    const kept = await Promise.all(
      page.events.map(
        async (e: { id: number }) => JSON.parse((await w.call('webhooks.getEvent', { id: e.id })).rawBody).n,
      ),
    )
    expect(Math.max(...kept)).toBe(39)
    expect(Math.min(...kept)).toBeGreaterThan(39 - 16)
    // The figures survive a restart of the accounting: a fresh read from SQLite agrees with the running total.
    const store = await w.core.webhooks.events()
    const fresh = store.db
      .prepare('SELECT coalesce(sum(length(body) + length(headers)), 0) AS n FROM webhook_deliveries')
      .get() as { n: number }
    expect(Number(fresh.n)).toBe(usage.bytes)
  }, 120_000)
})
