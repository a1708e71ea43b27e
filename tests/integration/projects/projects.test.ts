import { existsSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
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
    const accountsBefore = await keychain().findAccounts()
    const wrongKey = 'kapso_wrong_key_0000001'
    const result = await call('projects.create', production(wrongKey))
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    if (!result.ok) {
      expect(result.error.message).toContain('rejected by Kapso')
      expect(result.error.message).not.toContain(wrongKey)
    }
    const list = (await call('projects.list')) as { ok: true; data: ProjectList }
    expect(list.data.projects.map((p) => p.id)).toEqual(['sandbox'])
    expect(await keychain().findAccounts()).toEqual(accountsBefore)
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
