import { AppError } from '../../shared/ipc/errors'
import type { Customer } from '../../shared/kapso/customer'
import type { KapsoClient } from '../kapso'
import type { Logger } from '../log/logger'
import { type Database, transaction } from '../store/database'
import { CustomerStore } from './customerStore'
import { placeFieldErrors } from './fieldErrors'
import {
  markRejected,
  markSending,
  nextPending,
  removeEntry,
  renameCustomer,
  type StoredOutboxEntry,
} from './outboxStore'

/**
 * Replays the outbox in order, one write at a time.
 *
 * Duplicates: before each attempt the entry records `first_sent_at` (committed
 * before the request leaves), so a create whose answer was lost — dropped
 * connection, crash, quit — is recognised on the next replay before anything
 * is sent again:
 * - with an `external_customer_id`: the customer Kapso has with that exact id
 *   (Kapso does not enforce uniqueness, so the newest one wins);
 * - without one: a customer with exactly this name created no earlier than
 *   CLOCK_SKEW_MS before the first attempt, that this cache does not already
 *   hold under another row (the oldest such one).
 * Only when nothing matches is the create sent again.
 *
 * Answers that will not change (422, 404 on an update, 409, 402) mark the
 * entry rejected with Kapso's reason and the replay moves on; it is never
 * dropped. Offline, 5xx, 429 or a rejected key stop the replay with the entry
 * still pending.
 */
const CLOCK_SKEW_MS = 2 * 60_000
const REJECTING = new Set(['validation', 'not_found', 'conflict', 'forbidden'])

export interface ReplayDeps {
  db: Database
  client: KapsoClient
  log: Logger
  now: () => Date
  currentPass: () => number
  onChanged(ids: string[]): void
}

export type ReplayResult = { stoppedBy: AppError | null; applied: number; rejected: number }

export async function replayOutbox(deps: ReplayDeps): Promise<ReplayResult> {
  let applied = 0
  let rejected = 0
  for (;;) {
    const entry = nextPending(deps.db)
    if (!entry) return { stoppedBy: null, applied, rejected }
    try {
      await applyEntry(deps, entry)
      applied++
    } catch (error) {
      const appError =
        error instanceof AppError
          ? error
          : new AppError('internal', (error as Error).message ?? String(error))
      if (REJECTING.has(appError.code)) {
        const shown = placeFieldErrors(
          appError.code === 'not_found'
            ? new AppError(
                'not_found',
                `“${entry.customerName}” no longer exists in Kapso, so this change cannot be applied.`,
              )
            : appError,
        )
        markRejected(deps.db, entry.seq, shown.toData())
        deps.log.info('customers outbox: write rejected', { seq: entry.seq, op: entry.op, code: shown.code })
        rejected++
        deps.onChanged([entry.customerId])
        continue
      }
      return { stoppedBy: appError, applied, rejected }
    }
  }
}

async function applyEntry(deps: ReplayDeps, entry: StoredOutboxEntry): Promise<void> {
  const { db, client } = deps
  const store = CustomerStore.for(db)
  const nowIso = () => deps.now().toISOString()
  if (entry.op === 'create') {
    let created = entry.firstSentAt ? await findCreated(deps, entry) : null
    if (created) deps.log.info('customers outbox: create recognised upstream, not resent', { seq: entry.seq })
    if (!created) {
      markSending(db, entry.seq, nowIso())
      created = await client.customers.create({
        name: entry.payload.name ?? entry.customerName,
        ...(entry.payload.external_customer_id !== undefined
          ? { external_customer_id: entry.payload.external_customer_id }
          : {}),
      })
    }
    const customer = created
    transaction(db, () => {
      removeEntry(db, entry.seq)
      store.removeCustomer(entry.customerId)
      renameCustomer(db, entry.customerId, customer.id)
      store.storeCustomer(customer, deps.currentPass(), nowIso())
    })
    deps.onChanged([entry.customerId, customer.id])
    return
  }
  markSending(db, entry.seq, nowIso())
  if (entry.op === 'update') {
    const customer = await client.customers.update(entry.customerId, entry.payload)
    transaction(db, () => {
      removeEntry(db, entry.seq)
      store.storeCustomer(customer, deps.currentPass(), nowIso())
    })
  } else {
    try {
      await client.customers.delete(entry.customerId)
    } catch (error) {
      // Already gone (deleted elsewhere, or our earlier attempt's answer was lost): the goal is met.
      if (!(error instanceof AppError && error.code === 'not_found')) throw error
    }
    transaction(db, () => {
      removeEntry(db, entry.seq)
      store.removeCustomer(entry.customerId)
    })
  }
  deps.onChanged([entry.customerId])
}

/** The customer an earlier attempt of this create may have made (rule in the module comment). */
async function findCreated(deps: ReplayDeps, entry: StoredOutboxEntry): Promise<Customer | null> {
  const external = entry.payload.external_customer_id
  if (external) {
    const found = await deps.client.customers.list({ external_customer_id: external }).toArray()
    const exact = found.filter((c) => c.external_customer_id === external)
    return exact.sort((a, b) => ((a.created_at ?? '') < (b.created_at ?? '') ? 1 : -1))[0] ?? null
  }
  const name = (entry.payload.name ?? entry.customerName).trim()
  const since = new Date(Date.parse(entry.firstSentAt!) - CLOCK_SKEW_MS).toISOString()
  const found = await deps.client.customers.list({ name_contains: name, created_after: since }).toArray()
  const store = CustomerStore.for(deps.db)
  const candidates = found
    .filter((c) => (c.name ?? '').trim() === name && !store.get(c.id))
    .sort((a, b) => ((a.created_at ?? '') < (b.created_at ?? '') ? -1 : 1))
  return candidates[0] ?? null
}
