import { createHash } from 'node:crypto'
import type { SavedSecret } from '../../../shared/webhooks/lab'
import type { SecretStore } from '../../secrets/secretStore'

/**
 * Webhook secrets a person saves for the lab, forwarding and triggers, kept in
 * the OS keychain only (one account per secret). The account name carries the
 * project and the label, so listing needs no other file; the value is read in
 * main when a verdict or a signature is computed and never returned.
 */
export class SecretRing {
  constructor(
    private readonly store: SecretStore,
    private readonly projectId: () => Promise<string>,
    /** Told of every value read, so the log redactor cuts it out should it ever reach a log line. */
    private readonly onRead: (secret: string) => void = () => {},
  ) {}

  private async prefix(): Promise<string> {
    return `webhook-secret:${await this.projectId()}:`
  }

  async list(): Promise<SavedSecret[]> {
    const prefix = await this.prefix()
    return (await this.store.findAccounts())
      .filter((a) => a.startsWith(prefix))
      .map((a) => {
        const label = decodeURIComponent(a.slice(prefix.length))
        return { id: idFor(label), label }
      })
      .sort((a, b) => a.label.localeCompare(b.label))
  }

  async save(label: string, secret: string): Promise<SavedSecret> {
    await this.store.setPassword(`${await this.prefix()}${encodeURIComponent(label)}`, secret)
    return { id: idFor(label), label }
  }

  async remove(id: string): Promise<void> {
    const found = (await this.list()).find((s) => s.id === id)
    if (found) await this.store.deletePassword(`${await this.prefix()}${encodeURIComponent(found.label)}`)
  }

  /** Every saved secret with its value, for main-process use only. */
  async values(): Promise<Array<SavedSecret & { secret: string }>> {
    const prefix = await this.prefix()
    const out: Array<SavedSecret & { secret: string }> = []
    for (const s of await this.list()) {
      const secret = await this.store.getPassword(`${prefix}${encodeURIComponent(s.label)}`)
      if (secret) {
        this.onRead(secret)
        out.push({ ...s, secret })
      }
    }
    return out
  }

  async value(id: string): Promise<string | null> {
    return (await this.values()).find((s) => s.id === id)?.secret ?? null
  }
}

/** A stable id from the label, so renaming nothing and ids never reveal the value. */
const idFor = (label: string) => createHash('sha256').update(label).digest('hex').slice(0, 16)
