import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { type Core, createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { createKeyringSecretStore } from '../../../src/main/secrets/keyringSecretStore'
import type { SecretStore } from '../../../src/main/secrets/secretStore'
import type { ProjectList } from '../../../src/shared/projects/project'
import { filesContaining } from '../../support/scanForText'
import { tempDataDir } from '../../support/tempDir'

const realKeychain = process.env.KAPSO_TEST_SECRET_SERVICE === 'gnome-keyring'
if (!realKeychain)
  console.log('projects.test: skipping keychain tests: run under scripts/with-keyring.mjs (npm test does).')

const SERVICE = 'Kapso Console (projects test)'
let sandbox: Sandbox
let closedPort: number

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, customers: 5 })
  // A port where nothing listens: what an unreachable Kapso looks like.
  closedPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
})
afterAll(() => sandbox.close())

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function boot(secrets: SecretStore, dataDir?: string) {
  const data = dataDir ? { dir: dataDir, remove() {} } : tempDataDir()
  const log = createLogger({ file: join(data.dir, 'logs', 'main.log'), level: 'debug' })
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets,
    log,
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
  cleanups.push(
    () => core.dispose(),
    () => data.remove(),
  )
  const call = (name: string, input?: unknown) =>
    dispatch(core.handlers, core.log, name, input, { origin: 'test', checkOutput: true })
  return { core, call, dataDir: data.dir }
}

const keychain = () => createKeyringSecretStore(SERVICE)
const production = (apiKey: string, extra: object = {}) => ({
  name: `Acme ${Math.random().toString(36).slice(2, 7)}`,
  baseUrl: sandbox.url,
  environment: 'production',
  apiKey,
  ...extra,
})

describe.skipIf(!realKeychain)('projects with the OS keychain', () => {
  test('a key the server accepts is stored in the keychain, shown only as a mask, and found nowhere on disk', async () => {
    const { call, dataDir, core } = boot(keychain())
    const created = await call('projects.create', production(sandbox.apiKey))
    expect(created).toMatchObject({
      ok: true,
      data: { environment: 'production', key: { storage: 'keychain' } },
    })
    if (!created.ok) return
    const project = created.data as { id: string; key: { mask: string } }
    expect(project.key.mask).toBe(`••••••••${sandbox.apiKey.slice(-4)}`)
    expect(JSON.stringify(created)).not.toContain(sandbox.apiKey)

    const list = (await call('projects.list')) as { ok: true; data: ProjectList }
    expect(list.data.activeId).toBe(project.id)
    expect(JSON.stringify(list)).not.toContain(sandbox.apiKey)

    expect(await keychain().getPassword(`project:${project.id}`)).toBe(sandbox.apiKey)
    expect(await (await core.projects.active()).apiKey()).toBe(sandbox.apiKey)
    expect(filesContaining(dataDir, sandbox.apiKey)).toEqual([])
  })

  test('a key the server rejects: a clear error and nothing saved, in the keychain or on disk', async () => {
    const { call, dataDir } = boot(keychain())
    const wrongKey = 'kapso_wrong_key_0000001'
    const result = await call('projects.create', production(wrongKey))
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    if (!result.ok) {
      expect(result.error.message).toContain('rejected by Kapso')
      expect(result.error.message).not.toContain(wrongKey)
    }
    const list = (await call('projects.list')) as { ok: true; data: ProjectList }
    expect(list.data.projects.map((p) => p.id)).toEqual(['sandbox'])
    expect(await keychain().findAccounts()).not.toContainEqual(expect.stringContaining('project:'))
    expect(filesContaining(dataDir, wrongKey)).toEqual([])
  })

  test('an unreachable host asks first, then saves when told to', async () => {
    const { call } = boot(keychain())
    const input = { ...production('kapso_unchecked_key_42'), baseUrl: `http://127.0.0.1:${closedPort}` }
    const asked = await call('projects.create', input)
    expect(asked).toMatchObject({ ok: false, error: { code: 'offline' } })
    if (!asked.ok) expect(asked.error.message).toMatch(/Could not reach 127\.0\.0\.1:\d+.*Save it anyway\?/)
    const saved = await call('projects.create', { ...input, onUnreachable: 'save' })
    expect(saved).toMatchObject({ ok: true, data: { key: { storage: 'keychain' } } })
  })

  test('replace and remove a key, then remove the project with its data', async () => {
    const { call, core } = boot(keychain())
    const created = (await call('projects.create', production(sandbox.apiKey))) as {
      ok: true
      data: { id: string }
    }
    const id = created.data.id
    const active = await core.projects.active()
    const folder = active.dataFolder
    writeFileSync(join(core.projects.dataFolder(id), '..', `${id}.marker`), 'x')

    const rejected = await call('projects.setKey', { id, apiKey: 'kapso_wrong_key_0000002' })
    expect(rejected).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await keychain().getPassword(`project:${id}`)).toBe(sandbox.apiKey)

    const removedKey = await call('projects.removeKey', { id })
    expect(removedKey).toMatchObject({ ok: true, data: { key: { storage: 'none', mask: null } } })
    expect(await keychain().getPassword(`project:${id}`)).toBeNull()
    await expect(core.projects.active().then((a) => a.apiKey())).rejects.toMatchObject({
      code: 'unauthorized',
    })

    const replaced = await call('projects.setKey', { id, apiKey: sandbox.apiKey })
    expect(replaced).toMatchObject({ ok: true, data: { key: { storage: 'keychain' } } })

    const removed = (await call('projects.remove', { id })) as { ok: true; data: ProjectList }
    expect(removed.data.activeId).toBe('sandbox')
    expect(removed.data.projects.map((p) => p.id)).toEqual(['sandbox'])
    expect(await keychain().getPassword(`project:${id}`)).toBeNull()
    expect(existsSync(folder)).toBe(false)
  })

  test('profiles survive a restart; switching changes the active project', async () => {
    const first = boot(keychain())
    const created = (await first.call(
      'projects.create',
      production(sandbox.apiKey, { name: 'Staging brand', environment: 'staging' }),
    )) as {
      ok: true
      data: { id: string }
    }
    await first.call('projects.activate', { id: 'sandbox' })
    const second = boot(keychain(), first.dataDir)
    const list = (await second.call('projects.list')) as { ok: true; data: ProjectList }
    expect(list.data.activeId).toBe('sandbox')
    expect(list.data.projects.find((p) => p.id === created.data.id)).toMatchObject({
      name: 'Staging brand',
      environment: 'staging',
    })
    const switched = (await second.call('projects.activate', { id: created.data.id })) as {
      ok: true
      data: ProjectList
    }
    expect(switched.data.activeId).toBe(created.data.id)
  })
})

describe('projects without a keychain', () => {
  const brokenKeychain = (): SecretStore => {
    const real = createKeyringSecretStore(SERVICE)
    // Every call runs with libsecret pointed at a bus where nothing listens.
    const withoutBus =
      <T>(op: () => Promise<T>) =>
      async () => {
        const saved = process.env.DBUS_SESSION_BUS_ADDRESS
        process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/kapso-bus'
        try {
          return await op()
        } finally {
          if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
          else process.env.DBUS_SESSION_BUS_ADDRESS = saved
        }
      }
    return {
      backend: real.backend,
      getPassword: (a) => withoutBus(() => real.getPassword(a))(),
      setPassword: (a, p) => withoutBus(() => real.setPassword(a, p))(),
      deletePassword: (a) => withoutBus(() => real.deletePassword(a))(),
      findAccounts: () => withoutBus(() => real.findAccounts())(),
      status: () => withoutBus(() => real.status())(),
    }
  }

  test('saying so in words, saving nothing, and offering a session-only key that is gone after restart', async () => {
    const { call, dataDir } = boot(brokenKeychain())
    const refused = await call('projects.create', production(sandbox.apiKey))
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/Secret Service|keyring/)
    expect(((await call('projects.list')) as { ok: true; data: ProjectList }).data.projects).toHaveLength(1)

    const session = await call('projects.create', production(sandbox.apiKey, { storage: 'session' }))
    expect(session).toMatchObject({ ok: true, data: { key: { storage: 'session' } } })
    expect(filesContaining(dataDir, sandbox.apiKey)).toEqual([])

    const restarted = boot(brokenKeychain(), dataDir)
    const list = (await restarted.call('projects.list')) as { ok: true; data: ProjectList }
    const project = list.data.projects.find((p) => p.id !== 'sandbox')
    expect(project?.key.storage).toBe('none')
  })

  test('an unreadable profiles file is set aside and the built-in Sandbox remains', async () => {
    const data = tempDataDir()
    cleanups.push(() => data.remove())
    writeFileSync(join(data.dir, 'projects.json'), '{"version": 1, "profiles": [tru')
    const { call } = boot(brokenKeychain(), data.dir)
    const list = (await call('projects.list')) as { ok: true; data: ProjectList }
    expect(list.data.projects.map((p) => p.id)).toEqual(['sandbox'])
    const aside = filesContaining(data.dir, '"profiles": [tru')
    expect(aside[0]).toMatch(/projects\.json\.unreadable-\d+$/)
    expect(readFileSync(aside[0]!, 'utf8')).toContain('tru')
  })
})
