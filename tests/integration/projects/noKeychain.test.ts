import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { nodeKeychainSpawner } from '../../../src/main/secrets/nodeKeychainSpawner'
import { createProcessSecretStore } from '../../../src/main/secrets/processSecretStore'
import type { ProjectList } from '../../../src/shared/projects/project'
import { filesContaining } from '../../support/scanForText'
import { tempDataDir } from '../../support/tempDir'

// This file runs in its own process with libsecret pointed at a D-Bus address
// where nothing listens: what a Linux desktop without gnome-keyring or KWallet
// looks like to the console. (Set before the keyring is first touched: the
// binding keeps its bus connection once it has one.)
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/kapso-bus'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, customers: 3 })
})
afterAll(() => sandbox.close())
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function boot(dataDir?: string) {
  const data = dataDir ? { dir: dataDir, remove() {} } : tempDataDir()
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    // The app's path: keychain calls in the helper process, which inherits this bus address.
    secrets: createProcessSecretStore({
      spawn: nodeKeychainSpawner(resolve('src/main/secrets/keychainHost.ts')),
      service: 'Kapso Console (no keychain test)',
    }),
    log: createLogger({ file: join(data.dir, 'logs', 'main.log') }),
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
  cleanups.push(
    () => core.dispose(),
    () => data.remove(),
  )
  const call = (name: string, input?: unknown) =>
    dispatch(core.handlers, core.log, name, input, { origin: 'test', checkOutput: true })
  return { call, dataDir: data.dir }
}

const production = (extra: object = {}) => ({
  name: 'Acme production',
  baseUrl: sandbox.url,
  environment: 'production',
  apiKey: sandbox.apiKey,
  ...extra,
})

describe('projects without a keychain', () => {
  test('About says the keychain is unavailable and what to install', async () => {
    const { call } = boot()
    const about = await call('app.getAbout')
    expect(about).toMatchObject({ ok: true, data: { keychain: { state: 'unavailable' } } })
    expect(JSON.stringify(about)).toMatch(/gnome-keyring/)
  })

  test('saying so in words, saving nothing, and offering a session-only key that is gone after restart', async () => {
    const { call, dataDir } = boot()
    const refused = await call('projects.create', production())
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/Secret Service|keyring/)
    expect(((await call('projects.list')) as { ok: true; data: ProjectList }).data.projects).toHaveLength(1)

    const session = await call('projects.create', production({ storage: 'session' }))
    expect(session).toMatchObject({ ok: true, data: { key: { storage: 'session' } } })
    expect(filesContaining(dataDir, sandbox.apiKey)).toEqual([])

    const restarted = boot(dataDir)
    const list = (await restarted.call('projects.list')) as { ok: true; data: ProjectList }
    const project = list.data.projects.find((p) => p.id !== 'sandbox')
    expect(project?.key.storage).toBe('none')
  })

  test('an unreadable profiles file is set aside and the built-in Sandbox remains', async () => {
    const data = tempDataDir()
    cleanups.push(() => data.remove())
    writeFileSync(join(data.dir, 'projects.json'), '{"version": 1, "profiles": [tru')
    const { call } = boot(data.dir)
    const list = (await call('projects.list')) as { ok: true; data: ProjectList }
    expect(list.data.projects.map((p) => p.id)).toEqual(['sandbox'])
    const aside = filesContaining(data.dir, '"profiles": [tru')
    expect(aside[0]).toMatch(/projects\.json\.unreadable-\d+$/)
  })
})
