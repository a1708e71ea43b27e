import type { KeychainStatus } from '../../shared/app/about'

/**
 * The keytar-shaped surface the console needs from an OS keychain. Injected
 * into services so tests and the "session only" mode can swap the backend.
 */
export interface SecretStore {
  readonly backend: string
  getPassword(account: string): Promise<string | null>
  setPassword(account: string, password: string): Promise<void>
  deletePassword(account: string): Promise<boolean>
  findAccounts(): Promise<string[]>
  status(): Promise<KeychainStatus>
  /** Stops what the store runs (the keychain helper process); called once, at quit. */
  close?(): void
}

/** All entries live under one service name, one account per project profile. */
export const KEYCHAIN_SERVICE = 'Kapso Console'
