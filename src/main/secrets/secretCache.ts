import type { KeychainStatus } from '../../shared/app/about'
import type { Redactor } from '../log/redact'
import type { SecretStore } from './secretStore'

/**
 * Every keychain reader's one path: each secret is read from the keychain
 * once and then kept in main's memory, as keychain-backed desktop apps do
 * (the key used to be read on every API call). Values held here are
 * registered with the log redactor; a change or removal through this store
 * drops the old value, and `clear()` (quit) drops them all. A retired value
 * stays on the redactor's list: masking it in a late log line costs nothing.
 * "No entry" is kept too (a project without a key asks the keychain once);
 * failures never are, so the call after a keychain outage reads again.
 */
export class SecretCache implements SecretStore {
  private readonly values = new Map<string, string | null>()
  private readonly reading = new Map<string, Promise<string | null>>()
  /** Bumped by every write to an account, so a read that started before it cannot store a stale value. */
  private readonly versions = new Map<string, number>()
  private accounts: string[] | null = null
  private accountsVersion = 0

  constructor(
    private readonly keychain: SecretStore,
    private readonly redactor: Redactor,
  ) {}

  get backend(): string {
    return this.keychain.backend
  }

  async getPassword(account: string): Promise<string | null> {
    if (this.values.has(account)) return this.values.get(account) ?? null
    const inFlight = this.reading.get(account)
    if (inFlight) return inFlight
    const version = this.versions.get(account) ?? 0
    const read = this.keychain
      .getPassword(account)
      .then((value) => {
        this.redactor.addSecret(value)
        if ((this.versions.get(account) ?? 0) === version) this.values.set(account, value)
        return value
      })
      .finally(() => {
        if (this.reading.get(account) === read) this.reading.delete(account)
      })
    this.reading.set(account, read)
    return read
  }

  async setPassword(account: string, password: string): Promise<void> {
    this.redactor.addSecret(password)
    this.forget(account)
    await this.keychain.setPassword(account, password)
    this.forget(account)
    this.values.set(account, password)
  }

  async deletePassword(account: string): Promise<boolean> {
    this.forget(account)
    try {
      const deleted = await this.keychain.deletePassword(account)
      this.forget(account)
      // Gone for sure: the next reader needs no keychain call to learn that.
      this.values.set(account, null)
      return deleted
    } catch (error) {
      this.forget(account)
      throw error
    }
  }

  async findAccounts(): Promise<string[]> {
    if (this.accounts) return [...this.accounts]
    const version = this.accountsVersion
    const accounts = await this.keychain.findAccounts()
    if (version === this.accountsVersion) this.accounts = accounts
    return [...accounts]
  }

  /** Always asks the keychain: it is what About shows about the keychain now. */
  status(): Promise<KeychainStatus> {
    return this.keychain.status()
  }

  /** Quit: nothing read from the keychain stays in this cache. */
  clear(): void {
    for (const account of [...this.values.keys()]) this.forget(account)
    this.accounts = null
    this.accountsVersion++
  }

  private forget(account: string): void {
    this.versions.set(account, (this.versions.get(account) ?? 0) + 1)
    this.reading.delete(account)
    this.accounts = null
    this.accountsVersion++
    this.values.delete(account)
  }
}
