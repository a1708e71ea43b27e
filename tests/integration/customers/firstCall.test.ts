import { afterEach, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import type { SyncStatus } from '../../../src/shared/customers/customer'
import { tempDataDir } from '../../support/tempDir'
import { until } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

// The project's database opens on the first call that needs it; that opening
// must not count as a project switch and cancel the sync the same call started.
test('the very first "Sync now" of a fresh console fills the cache without a second click', async () => {
  const data = tempDataDir('kapso-first-sync-')
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets: createMemorySecretStore('test keychain'),
    log: createLogger(),
    sandboxCustomers: 25,
  })
  cleanups.push(() => core.dispose(), data.remove)
  const call = async (name: 'customers.syncNow' | 'customers.syncStatus') => {
    const result = await dispatch(core.handlers, core.log, name, undefined, {
      origin: 'test',
      checkOutput: true,
    })
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
    return result.data as SyncStatus
  }
  await call('customers.syncNow')
  await until(
    async () => (await call('customers.syncStatus')).lastSyncedAt !== null,
    20_000,
    'the first sync',
  )
  const status = await call('customers.syncStatus')
  expect(status.lastError).toBeNull()
  expect(status.cachedCustomers).toBeGreaterThanOrEqual(25)
})
