import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { runSyncPass } from '../../../src/main/customers/sync'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import { tempDataDir } from '../../support/tempDir'
import { count, log, sandboxClient } from './helpers'

let sandbox: Sandbox | null = null
const data = tempDataDir('kapso-crash-')
afterEach(async () => {
  await sandbox?.close()
  data.remove()
})

/** Runs syncChild.ts and SIGKILLs it once it has reported `afterPages` stored pages. */
function syncAndKill(
  file: string,
  s: Sandbox,
  afterPages: number,
  mode: 'in-thread' | 'worker',
): Promise<{ killed: boolean; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'jiti/register', join(import.meta.dirname, 'syncChild.ts'), file, s.url, s.apiKey, mode],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let pages = 0
    let stderr = ''
    let killed = false
    child.stderr.on('data', (c) => {
      stderr += c
    })
    child.stdout.on('data', (chunk: Buffer) => {
      pages += chunk
        .toString()
        .split('\n')
        .filter((l) => l.includes('"phase":"customers"')).length
      if (!killed && pages >= afterPages) {
        killed = true
        // Mid-stream: the child is writing the next page as fast as the sandbox answers.
        child.kill('SIGKILL')
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, pages })
      else if (code === 0) resolve({ killed: false, pages })
      else reject(new Error(`sync child exited with ${code}:\n${stderr}`))
    })
  })
}

// Pages stored on main's connection (in-thread) or by the data worker thread (the app's way).
describe.each(['in-thread', 'worker'] as const)('a sync killed with SIGKILL (%s)', (mode) => {
  test('leaves an intact database with whole pages only, and the next start completes the pass', async () => {
    sandbox = await startSandbox({ customers: 6_000 })
    const file = join(data.dir, 'cache.sqlite')
    const upstream = sandbox.store.customers.items.length
    const totalPages = Math.ceil(upstream / 100)
    const itemsOn = (page: number) => (page < totalPages ? 100 : upstream - (totalPages - 1) * 100)

    for (const afterPages of [4, 19, 33]) {
      const { killed } = await syncAndKill(file, sandbox, afterPages, mode)
      expect(killed, 'the child was still syncing when killed').toBe(true)
      const db = openDatabase(file, migrations)
      try {
        expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
        const pages = db
          .prepare("SELECT page FROM customer_sync_pages WHERE resource = 'customers'")
          .all() as Array<{ page: number }>
        const expected = pages.reduce((sum, p) => sum + itemsOn(p.page), 0)
        // Every stored page has all its rows and no row exists without its page mark.
        expect(count(db, 'SELECT count(*) AS n FROM customers')).toBe(expected)
        expect(count(db, 'SELECT count(*) AS n FROM customer_sync WHERE finished_at IS NULL')).toBe(2)
        console.log(
          `killed after ${afterPages} reported pages: ${pages.length} pages / ${expected} customers stored`,
        )
      } finally {
        db.close()
      }
    }

    const db = openDatabase(file, migrations)
    await runSyncPass({
      db,
      client: sandboxClient(sandbox),
      log,
      now: () => new Date(),
      signal: new AbortController().signal,
      onProgress: () => {},
      onChanged: () => {},
    })
    expect(count(db, 'SELECT count(*) AS n FROM customers')).toBe(upstream)
    expect(count(db, 'SELECT count(*) AS n FROM customer_phone_numbers')).toBe(
      sandbox.store.phoneNumbers.items.length,
    )
    expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
    db.close()
  })
})
