import { expect, test } from 'vitest'
import { Redactor } from '../../../src/main/log/redact'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import { SecretCache } from '../../../src/main/secrets/secretCache'
import type { SecretStore } from '../../../src/main/secrets/secretStore'

/** A keychain whose reads wait until the test lets them answer, counting each one. */
function gatedKeychain() {
  const inner = createMemorySecretStore('test keychain')
  const waiting: (() => void)[] = []
  let reads = 0
  const store: SecretStore = {
    ...inner,
    getPassword: async (account) => {
      reads++
      const value = await inner.getPassword(account)
      await new Promise<void>((resolve) => waiting.push(resolve))
      return value
    },
  }
  const release = () => {
    for (const answer of waiting.splice(0)) answer()
  }
  return { inner, store, reads: () => reads, release }
}

test('many readers at once make one keychain read, and later reads come from memory', async () => {
  const keychain = gatedKeychain()
  await keychain.inner.setPassword('project:a', 'key-aaaaaaaa')
  const cache = new SecretCache(keychain.store, new Redactor())
  const reads = Array.from({ length: 20 }, () => cache.getPassword('project:a'))
  await Promise.resolve()
  keychain.release()
  expect(await Promise.all(reads)).toEqual(Array(20).fill('key-aaaaaaaa'))
  expect(await cache.getPassword('project:a')).toBe('key-aaaaaaaa')
  expect(keychain.reads()).toBe(1)
})

test('a read that started before a change cannot put the old value back', async () => {
  const keychain = gatedKeychain()
  await keychain.inner.setPassword('project:a', 'key-old-00001')
  const cache = new SecretCache(keychain.store, new Redactor())
  const early = cache.getPassword('project:a')
  await Promise.resolve()
  await cache.setPassword('project:a', 'key-new-00002')
  keychain.release()
  await early
  expect(await cache.getPassword('project:a')).toBe('key-new-00002')
})

test('values read or saved are masked in logs; a removed key is known to be gone without a read', async () => {
  const keychain = gatedKeychain()
  const redactor = new Redactor()
  const cache = new SecretCache(keychain.store, redactor)
  await cache.setPassword('project:a', 'key-saved-0003')
  expect(redactor.text('sent key-saved-0003')).toBe('sent [redacted]')
  expect(await cache.deletePassword('project:a')).toBe(true)
  expect(await cache.getPassword('project:a')).toBeNull()
  expect(keychain.reads()).toBe(0)
})

test('a failed read is not kept: the next call asks the keychain again', async () => {
  let fail = true
  let reads = 0
  const store: SecretStore = {
    ...createMemorySecretStore(),
    getPassword: async () => {
      reads++
      if (fail) throw new Error('keychain down')
      return 'key-back-00004'
    },
  }
  const cache = new SecretCache(store, new Redactor())
  await expect(cache.getPassword('project:a')).rejects.toThrow('keychain down')
  fail = false
  expect(await cache.getPassword('project:a')).toBe('key-back-00004')
  expect(reads).toBe(2)
})

test('clear() (quit) forgets every value: the next read goes to the keychain', async () => {
  const keychain = gatedKeychain()
  await keychain.inner.setPassword('project:a', 'key-quit-00005')
  const cache = new SecretCache(keychain.store, new Redactor())
  const first = cache.getPassword('project:a')
  await Promise.resolve()
  keychain.release()
  await first
  cache.clear()
  const second = cache.getPassword('project:a')
  await Promise.resolve()
  keychain.release()
  expect(await second).toBe('key-quit-00005')
  expect(keychain.reads()).toBe(2)
})
