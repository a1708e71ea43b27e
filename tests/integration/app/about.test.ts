import { readFileSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { appVersion } from '../../../src/main/core/packageInfo'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import { tempDataDir } from '../../support/tempDir'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

test('About reports the package version, the data folder, the active project and the keychain', async () => {
  const data = tempDataDir()
  const core = createCore({
    appName: 'Kapso Console',
    appVersion,
    dataDir: data.dir,
    secrets: createMemorySecretStore('test keychain'),
    log: createLogger(),
    // About only needs the Sandbox project's address, not a running sandbox.
    sandbox: async () => ({ url: 'http://127.0.0.1:9', apiKey: 'sandbox-about-test-key' }),
  })
  cleanups.push(() => core.dispose(), data.remove)
  const result = await dispatch(core.handlers, core.log, 'app.getAbout', undefined, {
    origin: 'test',
    checkOutput: true,
  })
  expect(result.ok).toBe(true)
  if (!result.ok) return
  expect(result.data).toMatchObject({
    appVersion: pkg.version,
    dataDir: data.dir,
    activeProject: { id: 'sandbox', name: 'Sandbox', environment: 'sandbox' },
    keychain: { state: 'available', backend: 'test keychain' },
    runtime: { electron: null },
  })
  const about = result.data as { runtime: { node: string } }
  expect(about.runtime.node.split('.')[0]).toBe('24')
})
