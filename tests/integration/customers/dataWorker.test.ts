import { afterEach, expect, test } from 'vitest'
import { type Core, createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import type { CustomerPage, SyncStatus, WriteResult } from '../../../src/shared/customers/customer'
import type { CallName } from '../../../src/shared/ipc/contract'
import { tempDataDir } from '../../support/tempDir'
import { count, until } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

const CUSTOMERS = 2_000

function start(): Core {
  const data = tempDataDir('kapso-data-worker-')
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore('test keychain'),
    log: createLogger({ level: 'error' }),
    sandboxCustomers: CUSTOMERS,
  })
  cleanups.push(() => core.dispose(), data.remove)
  return core
}

async function call<T>(core: Core, name: CallName, input?: unknown): Promise<T> {
  const result = await dispatch(core.handlers, core.log, name, input, { origin: 'test', checkOutput: true })
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.data as T
}

// The sync's page writes (upserts and search-index upkeep) run on the data worker's own
// connection, not on main's: main's connection changed only the pass's bookkeeping.
test('a sync stores its pages through the data worker, not on main’s connection', async () => {
  const core = start()
  await call(core, 'customers.syncNow')
  await until(
    async () => (await call<SyncStatus>(core, 'customers.syncStatus')).lastSyncedAt !== null,
    30_000,
    'the sync',
  )
  const main = await core.database.current()
  expect(count(main, 'SELECT count(*) AS n FROM customers')).toBeGreaterThanOrEqual(CUSTOMERS)
  // total_changes(): rows this connection inserted, updated or deleted since it opened.
  expect(count(main, 'SELECT total_changes() AS n')).toBeLessThan(CUSTOMERS / 10)
  expect(await core.database.worker()).not.toBeNull()
})

// The worker keeps a per-needle match set; a row main writes on its own connection must
// show in the next identical search (the set is keyed by SQLite's data_version too).
test('a customer main writes is found by the worker’s search at once', async () => {
  const core = start()
  const search = (needle: string) =>
    call<CustomerPage>(core, 'customers.query', { search: needle, limit: 10 }).then((p) => p.total)
  expect(await search('quokka')).toBe(0)
  const created = await call<WriteResult>(core, 'customers.create', {
    customer: { name: 'Quokka Tours' },
  })
  expect(created.customer?.name).toBe('Quokka Tours')
  expect(await search('quokka')).toBe(1)
})
