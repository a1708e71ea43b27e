import { EventEmitter } from 'node:events'
import { expect, test } from 'vitest'
import {
  electronKeychainSpawner,
  type UtilityChild,
  type UtilityProcessModule,
} from '../../../src/main/electron/keychainSpawner'
import type { KeychainRequest } from '../../../src/main/secrets/keychainProtocol'
import { createProcessSecretStore } from '../../../src/main/secrets/processSecretStore'

/** A typed stand-in for Electron's utilityProcess (no Electron binary here): records what main does with it. */
class FakeUtilityChild extends EventEmitter implements UtilityChild {
  readonly posted: KeychainRequest[] = []
  killed = false
  postMessage(message: unknown): void {
    this.posted.push(message as KeychainRequest)
  }
  kill(): boolean {
    this.killed = true
    return true
  }
  answer(request: KeychainRequest, value: string | null): void {
    this.emit('message', { id: request.id, ok: true, value })
  }
}

function fakeUtility() {
  const forks: { path: string; options: object; child: FakeUtilityChild }[] = []
  const utility: UtilityProcessModule = {
    fork(path, _args, options) {
      const child = new FakeUtilityChild()
      forks.push({ path, options, child })
      return child
    },
  }
  return { utility, forks }
}

test('requests wait for the utility process to spawn, then go in order; replies answer them by id', async () => {
  const { utility, forks } = fakeUtility()
  const store = createProcessSecretStore({
    spawn: electronKeychainSpawner(utility, '/app/out/main/keychainHost.js'),
    service: 'svc',
  })
  const a = store.getPassword('project:a')
  const b = store.getPassword('project:b')
  expect(forks).toHaveLength(1)
  const { child, path, options } = forks[0]!
  expect(path).toBe('/app/out/main/keychainHost.js')
  expect(options).toMatchObject({ serviceName: 'Kapso Console keychain' })
  expect(child.posted).toEqual([])

  child.emit('spawn')
  expect(child.posted.map((r) => [r.op, 'account' in r ? r.account : null, r.service])).toEqual([
    ['get', 'project:a', 'svc'],
    ['get', 'project:b', 'svc'],
  ])
  // Answered out of order: each reply goes to its own request.
  child.answer(child.posted[1]!, 'key-bbbbbbbb')
  child.answer(child.posted[0]!, 'key-aaaaaaaa')
  expect(await a).toBe('key-aaaaaaaa')
  expect(await b).toBe('key-bbbbbbbb')
  store.close()
  expect(child.killed).toBe(true)
})

test('a utility process that exits before answering fails the call as keychain_unavailable; the next call forks a new one', async () => {
  const { utility, forks } = fakeUtility()
  const store = createProcessSecretStore({ spawn: electronKeychainSpawner(utility, '/x.js'), service: 'svc' })
  const lost = store.getPassword('project:a')
  forks[0]!.child.emit('spawn')
  forks[0]!.child.emit('exit')
  await expect(lost).rejects.toMatchObject({ code: 'keychain_unavailable' })

  const next = store.getPassword('project:a')
  expect(forks).toHaveLength(2)
  const child = forks[1]!.child
  child.emit('spawn')
  child.answer(child.posted[0]!, null)
  expect(await next).toBeNull()
  store.close()
})
