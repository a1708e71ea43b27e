import { execFileSync } from 'node:child_process'
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { dispatch } from '../../../src/main/ipc/dispatch'
import { createLogger } from '../../../src/main/log/logger'
import { type Sandbox, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { nodeKeychainSpawner } from '../../../src/main/secrets/nodeKeychainSpawner'
import { createProcessSecretStore, type KeychainSpawner } from '../../../src/main/secrets/processSecretStore'
import type { SecretStore } from '../../../src/main/secrets/secretStore'
import { startRecordingProxy } from '../../support/recordingProxy'
import { tempDataDir } from '../../support/tempDir'
import { until } from '../../support/until'

/**
 * The keychain helper process and the in-memory key cache, against a real
 * gnome-keyring on a private D-Bus session (scripts/with-keyring.mjs).
 */
const realKeychain = process.env.KAPSO_TEST_SECRET_SERVICE === 'gnome-keyring'
if (!realKeychain)
  console.log(
    'keychainHelper.test: skipping: needs a real Secret Service, run under scripts/with-keyring.mjs.',
  )

const SERVICE = 'Kapso Console (keychain helper test)'
const HOST_SCRIPT = resolve('src/main/secrets/keychainHost.ts')
const helper = (timeoutMs = 10_000, spawn: KeychainSpawner = nodeKeychainSpawner(HOST_SCRIPT)) =>
  createProcessSecretStore({ spawn, service: SERVICE, timeoutMs })

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, customers: 30 })
})
afterAll(() => sandbox.close())
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** The real keychain (through the helper), with every read written down. */
function counted(store: SecretStore) {
  const reads: string[] = []
  return {
    reads,
    store: {
      ...store,
      getPassword: (account: string) => {
        reads.push(account)
        return store.getPassword(account)
      },
    } satisfies SecretStore,
  }
}

function boot(secrets: SecretStore, dataDir?: string) {
  const data = dataDir ? { dir: dataDir, remove() {} } : tempDataDir()
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: data.dir,
    secrets,
    log: createLogger({ file: join(data.dir, 'logs', 'main.log'), level: 'debug' }),
    sandbox: async () => ({ url: sandbox.url, apiKey: sandbox.apiKey }),
  })
  let disposed = false
  const dispose = async () => {
    if (disposed) return
    disposed = true
    await core.dispose()
  }
  cleanups.push(dispose, () => data.remove())
  const call = async (name: string, input?: unknown) => {
    const result = await dispatch(core.handlers, core.log, name, input, { origin: 'test', checkOutput: true })
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
    return result.data as never
  }
  return { core, call, dispose, dataDir: data.dir }
}

const logsOf = (dataDir: string) =>
  readdirSync(join(dataDir, 'logs'))
    .map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'))
    .join('\n')

describe.skipIf(!realKeychain)('the keychain helper and the key cache', () => {
  test('the key is read from the keychain once for many API calls, and once again after a restart', async () => {
    const kapso = await startRecordingProxy(sandbox)
    cleanups.push(() => kapso.close())
    const first = counted(helper())
    const app = boot(first.store)
    const project = (await app.call('projects.create', {
      name: 'Acme',
      baseUrl: kapso.url,
      environment: 'production',
      apiKey: sandbox.apiKey,
    })) as { id: string }
    const account = `project:${project.id}`
    // Saving it put it in memory: no read needed at all.
    expect(first.reads.filter((a) => a === account)).toEqual([])
    await app.dispose()

    const second = counted(helper())
    const restarted = boot(second.store, app.dataDir)
    await restarted.call('customers.syncNow')
    await until(
      'first sync',
      async () =>
        ((await restarted.call('customers.syncStatus')) as { lastSyncedAt: string | null }).lastSyncedAt,
      30_000,
    )
    const customerId = sandbox.store.customers.items[0]!.id
    for (let i = 0; i < 10; i++) await restarted.call('customers.refreshDetail', { id: customerId })

    const withKey = kapso.requests.filter((r) => r.apiKey === sandbox.apiKey)
    expect(withKey.length).toBeGreaterThanOrEqual(30)
    expect(second.reads.filter((a) => a === account)).toEqual([account])
    expect(logsOf(app.dataDir)).not.toContain(sandbox.apiKey)
  })

  test('a replaced key takes the old one’s place in memory; a removed key is dropped', async () => {
    const rotated = `kapso_rotated_${Date.now().toString(36)}_key`
    const kapso = await startRecordingProxy(sandbox, { acceptKeys: [rotated] })
    cleanups.push(() => kapso.close())
    const keychain = counted(helper())
    const app = boot(keychain.store)
    const project = (await app.call('projects.create', {
      name: 'Acme',
      baseUrl: kapso.url,
      environment: 'production',
      apiKey: sandbox.apiKey,
    })) as { id: string }
    const account = `project:${project.id}`
    const customerId = sandbox.store.customers.items[0]!.id
    const sync = async () => {
      await app.call('customers.syncNow')
      await until(
        'a sync',
        async () => {
          const s = (await app.call('customers.syncStatus')) as { state: string; lastSyncedAt: string | null }
          return s.state === 'idle' && s.lastSyncedAt
        },
        30_000,
      )
    }
    await sync()

    await app.call('projects.setKey', { id: project.id, apiKey: rotated })
    const mark = kapso.requests.length
    await app.call('customers.refreshDetail', { id: customerId })
    const after = kapso.requests.slice(mark)
    expect(after.length).toBeGreaterThan(0)
    expect(after.every((r) => r.apiKey === rotated)).toBe(true)
    expect(keychain.reads.filter((a) => a === account)).toEqual([])

    await app.call('projects.removeKey', { id: project.id })
    // Dropped from memory: the next call knows there is no key, without asking the keychain.
    await expect(app.call('customers.refreshDetail', { id: customerId })).rejects.toMatchObject({
      code: 'unauthorized',
    })
    expect(await helper().getPassword(account)).toBeNull()
    expect(keychain.reads.filter((a) => a === account)).toEqual([])
    expect(logsOf(app.dataDir)).not.toContain(rotated)
  })

  test('a helper that never answers: keychain_unavailable within the timeout, and a fresh helper answers the next call', async () => {
    const data = tempDataDir()
    cleanups.push(() => data.remove())
    // A real child process that takes requests and never answers them.
    const mute = join(data.dir, 'mute-helper.mjs')
    writeFileSync(mute, "process.on('message', () => {}); setInterval(() => {}, 1 << 30)\n")
    const spawned: string[] = []
    const spawn: KeychainSpawner = () => {
      const script = spawned.length === 0 ? mute : HOST_SCRIPT
      spawned.push(script)
      return nodeKeychainSpawner(script)()
    }
    const store = helper(1_000, spawn)
    cleanups.push(() => store.close())
    await helper().setPassword('stuck-test', 'value-stuck-0001')

    const started = performance.now()
    const stuck = await store.getPassword('stuck-test').then(
      () => null,
      (error: unknown) => error,
    )
    const waited = performance.now() - started
    expect(stuck).toMatchObject({ code: 'keychain_unavailable' })
    expect((stuck as Error).message).toMatch(/did not answer within 1 s.*try again/i)
    expect((stuck as Error).message).not.toContain('value-stuck-0001')
    expect(waited).toBeLessThan(1_000 + 2_000)

    expect(await store.getPassword('stuck-test')).toBe('value-stuck-0001')
    expect(spawned).toEqual([mute, HOST_SCRIPT])
  })

  test('a stopped Secret Service (SIGSTOP): keychain_unavailable within the timeout; once it runs again the next call works', async () => {
    await helper().setPassword('sigstop-test', 'value-sigstop-01')
    // The process that owns the Secret Service name on this test's private session bus.
    const pid = Number(
      /uint32\s+(\d+)/.exec(
        execFileSync(
          'dbus-send',
          [
            '--session',
            '--print-reply',
            '--dest=org.freedesktop.DBus',
            '/org/freedesktop/DBus',
            'org.freedesktop.DBus.GetConnectionUnixProcessID',
            'string:org.freedesktop.secrets',
          ],
          { encoding: 'utf8' },
        ),
      )?.[1],
    )
    expect(pid).toBeGreaterThan(1)
    const store = helper(1_500)
    cleanups.push(() => store.close())
    process.kill(pid, 'SIGSTOP')
    let stuck: unknown
    let waited = 0
    try {
      const started = performance.now()
      stuck = await store.getPassword('sigstop-test').then(
        () => null,
        (error: unknown) => error,
      )
      waited = performance.now() - started
      expect((await store.status()).state).toBe('unavailable')
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    expect(stuck).toMatchObject({ code: 'keychain_unavailable' })
    expect((stuck as Error).message).toMatch(/Secret Service/)
    expect(waited).toBeLessThan(1_500 + 2_000)
    expect(await store.getPassword('sigstop-test')).toBe('value-sigstop-01')
    expect(await store.status()).toMatchObject({ state: 'available' })
  })

  test('with more than 1,024 descriptors open in main, keychain reads still answer (the helper has its own fd table)', async () => {
    const kapso = await startRecordingProxy(sandbox)
    cleanups.push(() => kapso.close())
    const before = boot(helper())
    const project = (await before.call('projects.create', {
      name: 'Acme',
      baseUrl: kapso.url,
      environment: 'production',
      apiKey: sandbox.apiKey,
    })) as { id: string }
    await before.dispose()

    const fds: number[] = []
    try {
      // What 1,100 idle connections do to main's fd table; an in-process keyring read now spins forever.
      for (let i = 0; i < 1_100; i++) fds.push(openSync('/dev/null', 'r'))
      expect(Math.max(...fds)).toBeGreaterThan(1_024)
      const keychain = counted(helper(5_000))
      const app = boot(keychain.store, before.dataDir)
      const customerId = sandbox.store.customers.items[0]!.id
      await app.call('customers.syncNow')
      await until(
        'a sync with the key from the keychain',
        async () =>
          ((await app.call('customers.syncStatus')) as { lastSyncedAt: string | null }).lastSyncedAt,
        30_000,
      )
      await app.call('customers.refreshDetail', { id: customerId })
      expect(keychain.reads).toEqual([`project:${project.id}`])
      expect(kapso.requests.at(-1)?.apiKey).toBe(sandbox.apiKey)
      expect(await app.call('app.getAbout')).toMatchObject({ keychain: { state: 'available' } })
    } finally {
      for (const fd of fds) closeSync(fd)
    }
  })
})
