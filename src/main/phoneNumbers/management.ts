import { AppError } from '../../shared/ipc/errors'
import type { DisplayNameRequest } from '../../shared/kapso/displayNameRequest'
import type { DisplayNameRequestView, NumberNames } from '../../shared/phoneNumbers/managementContract'
import { ActiveProjectClient, type ClientFactory, type ProjectClients } from '../kapso/activeProjectClient'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import type { Database } from '../store/database'

export interface PhoneNumberManagementDeps {
  database: { current(): Promise<Database> }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  clientFor?: ClientFactory
  /** The app's one client per key (createCore's), so these calls spend the same budget. */
  clients?: ProjectClients
}

/**
 * What the Platform API documents for a connected number beyond listing and
 * health: rename (`PATCH`), delete (`DELETE`), and display-name requests.
 * Changes are written through to the local cache so the list agrees at once.
 */
export class PhoneNumberManagement {
  private readonly api: ActiveProjectClient

  constructor(private readonly deps: PhoneNumberManagementDeps) {
    // Changes are not retried blindly: a PATCH is idempotent, a POST of a request is not.
    this.api = new ActiveProjectClient({
      projects: deps.projects,
      log: deps.log,
      clientFor: deps.clientFor,
      clients: deps.clients,
      retry: { maxAttempts: 2, maxTotalMs: 5_000 },
    })
  }

  async names(phoneNumberId: string): Promise<NumberNames> {
    const client = await this.api.get('interactive')
    const [number, page] = await Promise.all([
      client.phoneNumbers.get(phoneNumberId),
      client.phoneNumbers.displayNameRequests(phoneNumberId),
    ])
    return {
      phoneNumberId,
      name: number.name ?? '',
      verifiedName: number.verified_name ?? number.display_name ?? null,
      nameStatus: number.name_status ?? null,
      requests: page.items.map(toView),
    }
  }

  async rename(phoneNumberId: string, name: string): Promise<{ phoneNumberId: string; name: string }> {
    const updated = await (await this.api.get('interactive')).phoneNumbers.update(phoneNumberId, { name })
    const db = await this.deps.database.current()
    db.prepare('UPDATE customer_phone_numbers SET name = ?, updated_at = ? WHERE phone_number_id = ?').run(
      updated.name ?? name,
      updated.updated_at ?? new Date().toISOString(),
      phoneNumberId,
    )
    this.deps.log.info('phone number renamed', { phoneNumberId })
    return { phoneNumberId, name: updated.name ?? name }
  }

  /** `confirm` must name the number: its digits (any formatting) or its phone_number_id. */
  async delete(phoneNumberId: string, confirm: string): Promise<{ deleted: true }> {
    const db = await this.deps.database.current()
    const row = db
      .prepare(
        'SELECT display_phone_number, display_phone_number_normalized FROM customer_phone_numbers WHERE phone_number_id = ?',
      )
      .get(phoneNumberId) as
      | { display_phone_number: string | null; display_phone_number_normalized: string | null }
      | undefined
    if (!confirmsNumber(confirm, phoneNumberId, row)) {
      throw new AppError(
        'validation',
        'Type the number (or its phone_number_id) exactly to confirm the deletion.',
        {
          fields: { confirm: ['This does not match the number being deleted.'] },
        },
      )
    }
    try {
      await (await this.api.get('interactive')).phoneNumbers.delete(phoneNumberId)
    } catch (error) {
      // Already gone at Kapso: the cache should stop showing it too, but the person hears it.
      if (error instanceof AppError && error.code === 'not_found') forget(db, phoneNumberId)
      throw error
    }
    forget(db, phoneNumberId)
    this.deps.log.info('phone number deleted', { phoneNumberId })
    return { deleted: true }
  }

  async requestDisplayName(phoneNumberId: string, name: string): Promise<DisplayNameRequestView> {
    const request = await (await this.api.get('interactive')).phoneNumbers.requestDisplayName(
      phoneNumberId,
      name,
    )
    this.deps.log.info('display name requested', { phoneNumberId, status: request.status })
    return toView(request)
  }

  async displayNameRequest(phoneNumberId: string, requestId: string): Promise<DisplayNameRequestView> {
    return toView(
      await (await this.api.get('interactive')).phoneNumbers.displayNameRequest(phoneNumberId, requestId),
    )
  }
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '')

export function confirmsNumber(
  typed: string,
  phoneNumberId: string,
  row: { display_phone_number: string | null; display_phone_number_normalized: string | null } | undefined,
): boolean {
  const t = typed.trim()
  if (t === '') return false
  if (t === phoneNumberId) return true
  const d = digits(t)
  if (d.length < 6) return false
  return d === digits(row?.display_phone_number_normalized) || d === digits(row?.display_phone_number)
}

function forget(db: Database, phoneNumberId: string): void {
  db.prepare('DELETE FROM phone_number_health WHERE phone_number_id = ?').run(phoneNumberId)
  db.prepare('DELETE FROM customer_phone_numbers WHERE phone_number_id = ?').run(phoneNumberId)
}

function toView(r: DisplayNameRequest): DisplayNameRequestView {
  const codes = [r.meta_error_code, r.meta_error_subcode].filter((c) => c !== null && c !== undefined)
  return {
    id: r.id,
    requestedName: r.requested_display_name,
    previousName: r.previous_display_name ?? null,
    status: r.status,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at ?? null,
    appliedAt: r.applied_at ?? null,
    metaError: r.meta_error_message
      ? `${r.meta_error_message}${codes.length ? ` (Meta code ${codes.join('/')})` : ''}`
      : null,
  }
}
