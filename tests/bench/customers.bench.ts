import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { afterAll, describe, expect, it } from 'vitest'
import { queryCustomers } from '../../src/main/customers/queries'
import { runSyncPass } from '../../src/main/customers/sync'
import { createKapsoClient } from '../../src/main/kapso'
import { createLogger } from '../../src/main/log/logger'
import { startSandbox } from '../../src/main/sandbox/sandboxServer'
import { type Database, openDatabase } from '../../src/main/store/database'
import { migrations } from '../../src/main/store/migrations'
import { seedCustomerCache } from '../support/customersSeed'

/**
 * Customers benchmarks: figures are printed, never asserted as timings.
 *   npx vitest run --project bench tests/bench/customers.bench.ts   (after npm run build)
 */
const ROWS = 100_000
const cleanups: Array<() => unknown> = []
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean()
})

// What a person types, one keystroke at a time: names, cities, digits of a number, an external id, an id prefix.
const phrases = [
  'acme bakery',
  'tyrell',
  'lima',
  '555-2',
  'cus_2',
  'globex optics turin',
  'pied piper',
  '7f3',
  'wonka books',
]
const keystrokes = phrases.flatMap((p) => Array.from(p, (_, i) => p.slice(0, i + 1)))

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1)! }
}
const fmt = (s: ReturnType<typeof stats>) =>
  `median ${s.median.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · max ${s.max.toFixed(1)} ms (${s.n} keystrokes)`

function seeded(): { db: Database; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kapso-bench-customers-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'projects', 'sandbox', 'cache.sqlite')
  mkdirSync(join(dir, 'projects', 'sandbox'), { recursive: true })
  const db = openDatabase(file, migrations)
  const started = performance.now()
  seedCustomerCache(db, ROWS)
  console.log(
    `[bench] seeded ${ROWS.toLocaleString('en-US')} cached customers in ${Math.round(performance.now() - started)} ms`,
  )
  return { db, dir }
}

describe('customers', () => {
  let shared: { db: Database; dir: string } | null = null

  it('store query per search keystroke at 100,000 customers', () => {
    shared = seeded()
    const { db } = shared
    // The technique chosen: lowercased haystack in a covering index, two regimes (see queries.ts).
    const chosen: number[] = []
    for (let round = 0; round < 3; round++) {
      for (const needle of keystrokes) {
        const t = performance.now()
        const page = queryCustomers(db, {
          search: needle,
          sort: 'name',
          filter: 'all',
          offset: 0,
          limit: 100,
        })
        chosen.push(performance.now() - t)
        expect(page.counts.all).toBeGreaterThanOrEqual(page.total)
      }
    }
    // The alternatives measured against it.
    const naive: number[] = []
    for (const needle of keystrokes) {
      const t = performance.now()
      db.prepare(
        'SELECT connection, count(*) FROM customers WHERE instr(search, ?) > 0 GROUP BY connection',
      ).all(needle)
      db.prepare(
        'SELECT id, name FROM customers WHERE instr(search, ?) > 0 ORDER BY name COLLATE NOCASE, id LIMIT 100',
      ).all(needle)
      naive.push(performance.now() - t)
    }
    const like: number[] = []
    for (const needle of keystrokes) {
      const t = performance.now()
      const pattern = `%${needle}%`
      db.prepare(
        `SELECT count(*) FROM customers WHERE name LIKE ?1 OR external_customer_id LIKE ?1 OR id LIKE ?1 OR phone_search LIKE ?1`,
      ).all(pattern)
      like.push(performance.now() - t)
    }
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS bench_trigram USING fts5(search, tokenize='trigram', content='')`,
    )
    db.exec('INSERT INTO bench_trigram (rowid, search) SELECT rowid, search FROM customers')
    const trigram: number[] = []
    for (const needle of keystrokes) {
      const t = performance.now()
      if (needle.length >= 3) {
        const phrase = `"${needle.replace(/"/g, '""')}"`
        db.prepare(
          `SELECT c.connection, count(*) FROM bench_trigram f JOIN customers c ON c.rowid = f.rowid
           WHERE bench_trigram MATCH ? GROUP BY c.connection`,
        ).all(phrase)
      } else {
        db.prepare(
          'SELECT connection, count(*) FROM customers WHERE instr(search, ?) > 0 GROUP BY connection',
        ).all(needle)
      }
      trigram.push(performance.now() - t)
    }
    db.exec('DROP TABLE bench_trigram')
    console.log(
      `[bench] store query per keystroke, chosen (trigram or instr match set, narrowing; broad regime over covering indexes): ${fmt(stats(chosen))}  [target p95 < 30 ms]`,
    )
    console.log(`[bench]   alternative: instr over the table, count + ordered window: ${fmt(stats(naive))}`)
    console.log(`[bench]   alternative: four LIKE '%…%' columns, count only: ${fmt(stats(like))}`)
    console.log(
      `[bench]   alternative: FTS5 trigram (≥3 chars) counts only, window not included: ${fmt(stats(trigram))}`,
    )
  })

  it('keystroke to the filtered list painted in Chromium, 100,000 cached customers', async () => {
    if (!existsSync('out/main/preview.js')) {
      console.log('[bench] Chromium keystroke latency skipped: run "npm run build" first')
      return
    }
    const { dir } = shared ?? seeded()
    shared?.db.close()
    // TEST ONLY gate closed: the preview works from the cache and its sync cannot prune the seeded rows.
    const gate = join(dir, 'gate-closed')
    writeFileSync(gate, 'closed')
    const child: ChildProcess = spawn(
      process.execPath,
      ['out/main/preview.js', '--port', '0', '--data-dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KAPSO_TEST_ONLY_SANDBOX_GATE_FILE: gate },
      },
    )
    cleanups.push(() => child.kill('SIGTERM'))
    const previewUrl = await new Promise<string>((resolve, reject) => {
      let buffer = ''
      const timer = setTimeout(() => reject(new Error('preview did not start')), 20_000)
      child.stdout?.on('data', (chunk) => {
        buffer += chunk
        const line = buffer.split('\n').find((l) => l.startsWith('{"previewUrl"'))
        if (line) {
          clearTimeout(timer)
          resolve(JSON.parse(line).previewUrl)
        }
      })
    })
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    cleanups.push(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(previewUrl)
    await page
      .getByTestId('customer-count')
      .filter({ hasText: '100,000 customers' })
      .waitFor({ timeout: 30_000 })
    const search = page.getByTestId('customer-search')
    await search.focus()
    // t0 at the key event; t1 at the first frame after the rows of that keystroke's query are in the DOM.
    // (In-page code as strings: this file is type-checked without the DOM library.)
    await page.evaluate(`(() => {
      window.__lat = []
      const grid = () => document.querySelector('[data-testid="customer-grid"]')
      window.__gen = grid()?.getAttribute('data-loaded-generation') ?? ''
      window.addEventListener('keydown', () => { window.__t0 = performance.now() }, true)
      new MutationObserver(() => {
        const gen = grid()?.getAttribute('data-loaded-generation') ?? ''
        if (gen === window.__gen) return
        window.__gen = gen
        const t0 = window.__t0
        requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - t0), 0))
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-loaded-generation'], childList: true })
    })()`)
    let typed = 0
    const all: number[] = []
    for (const phrase of phrases) {
      await search.fill('')
      await page.waitForTimeout(150)
      await page.evaluate('window.__lat.length = 0')
      for (const [i, ch] of [...phrase].entries()) {
        await page.keyboard.press(ch === ' ' ? 'Space' : ch)
        typed++
        await page
          .waitForFunction(`window.__lat.length >= ${i + 1}`, undefined, { timeout: 10_000 })
          .catch(() => {})
        await page.waitForTimeout(60)
      }
      all.push(...((await page.evaluate('[...window.__lat]')) as number[]))
    }
    console.log(
      `[bench] keystroke → filtered list painted in Chromium: ${fmt(stats(all))} of ${typed} typed  [target p95 < 100 ms]`,
    )
    expect(all.length).toBeGreaterThan(typed / 2)
  })

  it('full-sync throughput against the sandbox', async () => {
    const log = createLogger({ level: 'error' })
    for (const customers of [10_000, 50_000]) {
      const sandbox = await startSandbox({ customers })
      const dir = mkdtempSync(join(tmpdir(), 'kapso-bench-sync-'))
      const db = openDatabase(join(dir, 'cache.sqlite'), migrations)
      const total = sandbox.store.customers.items.length
      const numbers = sandbox.store.phoneNumbers.items.length
      const started = performance.now()
      await runSyncPass({
        db,
        client: createKapsoClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, log }),
        log,
        now: () => new Date(),
        signal: new AbortController().signal,
        onProgress: () => {},
        onChanged: () => {},
      })
      const seconds = (performance.now() - started) / 1000
      const stored = (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n
      console.log(
        `[bench] full sync of ${total.toLocaleString('en-US')} customers + ${numbers.toLocaleString('en-US')} numbers (100/page, 4 pages in flight): ${seconds.toFixed(2)} s → ${Math.round(total / seconds).toLocaleString('en-US')} customers/s`,
      )
      expect(stored).toBe(total)
      db.close()
      rmSync(dir, { recursive: true, force: true })
      await sandbox.close()
    }
  })
})
