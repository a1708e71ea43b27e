import type { SecretStore } from './secretStore'

/**
 * Keys held in this process's memory only, gone at quit. Used for the explicit
 * "keep the key for this session only" choice and as the in-memory twin in tests.
 */
export function createMemorySecretStore(backend = 'session memory'): SecretStore {
  const entries = new Map<string, string>()
  return {
    backend,
    getPassword: async (account) => entries.get(account) ?? null,
    setPassword: async (account, password) => {
      entries.set(account, password)
    },
    deletePassword: async (account) => entries.delete(account),
    findAccounts: async () => [...entries.keys()],
    status: async () => ({ state: 'available', backend }),
  }
}
