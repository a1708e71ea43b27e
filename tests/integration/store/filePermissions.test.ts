import { chmodSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import type { WebhookEventSummary } from '../../../src/shared/webhooks/event'
import { tempDataDir } from '../../support/tempDir'
import { until } from '../../support/until'

// biome-ignore lint/suspicious/noExplicitAny: tests read results loosely
type Json = any

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** Every folder and regular file under `root` whose mode is not 0700 / 0600, as "path mode". */
function looseEntries(root: string): { checked: number; loose: string[] } {
  const loose: string[] = []
  let checked = 0
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const stat = lstatSync(path)
      const mode = stat.mode & 0o777
      const want = stat.isDirectory() ? 0o700 : stat.isFile() ? 0o600 : null
      if (want === null) continue
      checked++
      if (mode !== want) loose.push(`${relative(root, path)} ${mode.toString(8)}`)
      if (stat.isDirectory()) walk(path)
    }
  }
  const rootMode = lstatSync(root).mode & 0o777
  if (rootMode !== 0o700) loose.push(`. ${rootMode.toString(8)}`)
  walk(root)
  return { checked, loose }
}

test('the data folder and everything the core writes in it (SQLite, -wal, -shm, logs, install id) are 0700 / 0600', async () => {
  // This process keeps the usual umask (022): the core must not rely on the host's umask.
  expect(process.umask() & 0o077).not.toBe(0o077)
  const sandbox = await startSandbox({ customers: 5 })
  cleanups.push(() => sandbox.close())
  const data = tempDataDir('kapso-perms-')
  cleanups.push(() => data.remove())
  // A data folder left by an older version: readable by everyone.
  chmodSync(data.dir, 0o755)
  mkdirSync(join(data.dir, 'old'), { mode: 0o755 })
  chmodSync(join(data.dir, 'old'), 0o755)
  writeFileSync(join(data.dir, 'old', 'export.ndjson'), '{}\n', { mode: 0o644 })
  chmodSync(join(data.dir, 'old', 'export.ndjson'), 0o644)

  const log = createLogger({ file: join(data.dir, 'logs', 'main.log'), level: 'debug' })
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore(),
    log,
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
  cleanups.push(() => core.dispose())
  const received: WebhookEventSummary[] = []
  core.events.subscribe((event, items) => {
    if (event === 'webhooks.received') received.push(...(items as WebhookEventSummary[]))
  })
  const call = async (name: string, input: unknown = {}): Promise<Json> => {
    const result = await dispatch(core.handlers, log, name, input, { checkOutput: true, origin: 'test' })
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`)
    return result.data
  }

  await call('customers.syncNow')
  await until('the first sync', async () => (await call('customers.syncStatus')).lastSyncedAt !== null)
  await call('webhooks.startListening', {})
  await call('webhooks.sendTest', {})
  await until('the test delivery', () => received.find((e) => e.signature === 'valid'))
  await call('webhooks.stopListening')

  const names = readdirSync(join(data.dir, 'projects'), { recursive: true }).map(String)
  // The walk below must see the files it is about (the core is still open, so the WAL is there).
  expect(names.some((n) => n.endsWith('cache.sqlite'))).toBe(true)
  expect(names.some((n) => n.endsWith('cache.sqlite-wal'))).toBe(true)
  expect(names.some((n) => n.endsWith('cache.sqlite-shm'))).toBe(true)
  const { checked, loose } = looseEntries(data.dir)
  expect(checked).toBeGreaterThan(8)
  expect(loose).toEqual([])
})
