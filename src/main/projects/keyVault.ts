import { AppError } from '../../shared/ipc/errors'
import type { Logger } from '../log/logger'
import { createMemorySecretStore } from '../secrets/memorySecretStore'
import type { SecretStore } from '../secrets/secretStore'

export type KeyStorage = 'keychain' | 'session'

const account = (projectId: string) => `project:${projectId}`

/**
 * Where project API keys live: the OS keychain, or — only when the person
 * explicitly chose it because the keychain is unavailable — this process's
 * memory, gone at quit. Never a file. Every key read or written is registered
 * with the log redactor so it cannot appear in a log line or error text.
 */
export class KeyVault {
  private readonly session = createMemorySecretStore()
  private readonly sessionIds = new Set<string>()

  constructor(
    private readonly keychain: SecretStore,
    private readonly log: Logger,
  ) {}

  async set(projectId: string, key: string, storage: KeyStorage): Promise<void> {
    this.log.redactor.addSecret(key)
    if (storage === 'session') {
      await this.session.setPassword(account(projectId), key)
      this.sessionIds.add(projectId)
      // A key kept for the session replaces any older one in the keychain.
      await this.keychain.deletePassword(account(projectId)).catch(() => false)
      return
    }
    await this.keychain.setPassword(account(projectId), key)
    await this.session.deletePassword(account(projectId))
    this.sessionIds.delete(projectId)
  }

  async get(projectId: string): Promise<string | null> {
    const fromSession = await this.session.getPassword(account(projectId))
    if (fromSession) return fromSession
    // Read once, then from memory: the keychain store is the core's SecretCache.
    return this.keychain.getPassword(account(projectId))
  }

  /** Like get, but a missing key is an error that says what to do. */
  async require(projectId: string, projectName: string): Promise<string> {
    const key = await this.get(projectId)
    if (!key) {
      throw new AppError(
        'unauthorized',
        `No API key is set for "${projectName}". Add one in Settings → Projects.`,
      )
    }
    return key
  }

  isSessionOnly(projectId: string): boolean {
    return this.sessionIds.has(projectId)
  }

  async remove(projectId: string): Promise<void> {
    await this.session.deletePassword(account(projectId))
    this.sessionIds.delete(projectId)
    await this.keychain.deletePassword(account(projectId))
  }
}
