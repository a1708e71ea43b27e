import type { OutboxEntry, OutboxOp } from '../../shared/customers/customer'
import type { AppErrorData } from '../../shared/ipc/errors'
import type { Database } from '../store/database'

export type OutboxPayload = OutboxEntry['payload']

interface OutboxRecord {
  seq: number
  op: OutboxOp
  customer_id: string
  customer_name: string
  payload: string
  before: string | null
  created_at: string
  state: 'pending' | 'rejected'
  attempts: number
  first_sent_at: string | null
  error: string | null
}

export interface StoredOutboxEntry extends OutboxEntry {
  /** The row's name and external id before the write, to undo it on discard. */
  before: { name: string; external_customer_id: string | null } | null
  /** When an attempt may first have reached Kapso; a create with this set is reconciled before resending. */
  firstSentAt: string | null
}

function toEntry(r: OutboxRecord): StoredOutboxEntry {
  return {
    seq: r.seq,
    op: r.op,
    customerId: r.customer_id,
    customerName: r.customer_name,
    payload: JSON.parse(r.payload) as OutboxPayload,
    createdAt: r.created_at,
    state: r.state,
    attempts: r.attempts,
    error: r.error ? (JSON.parse(r.error) as OutboxEntry['error']) : null,
    before: r.before ? (JSON.parse(r.before) as StoredOutboxEntry['before']) : null,
    firstSentAt: r.first_sent_at,
  }
}

/** For the renderer: without the undo data. */
export function listOutbox(db: Database): OutboxEntry[] {
  return allEntries(db).map(({ before: _b, firstSentAt: _f, ...entry }) => entry)
}

export function allEntries(db: Database): StoredOutboxEntry[] {
  return (db.prepare('SELECT * FROM customer_outbox ORDER BY seq').all() as unknown as OutboxRecord[]).map(
    toEntry,
  )
}

export function getEntry(db: Database, seq: number): StoredOutboxEntry | undefined {
  const r = db.prepare('SELECT * FROM customer_outbox WHERE seq = ?').get(seq) as OutboxRecord | undefined
  return r ? toEntry(r) : undefined
}

export function nextPending(db: Database): StoredOutboxEntry | undefined {
  const r = db.prepare("SELECT * FROM customer_outbox WHERE state = 'pending' ORDER BY seq LIMIT 1").get() as
    | OutboxRecord
    | undefined
  return r ? toEntry(r) : undefined
}

export function entriesFor(db: Database, customerId: string): StoredOutboxEntry[] {
  return (
    db
      .prepare('SELECT * FROM customer_outbox WHERE customer_id = ? ORDER BY seq')
      .all(customerId) as unknown as OutboxRecord[]
  ).map(toEntry)
}

export function enqueue(
  db: Database,
  entry: {
    op: OutboxOp
    customerId: string
    customerName: string
    payload: OutboxPayload
    before: StoredOutboxEntry['before']
    createdAt: string
    firstSentAt?: string | null
  },
): number {
  const result = db
    .prepare(
      `INSERT INTO customer_outbox (op, customer_id, customer_name, payload, before, created_at, first_sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.op,
      entry.customerId,
      entry.customerName,
      JSON.stringify(entry.payload),
      entry.before ? JSON.stringify(entry.before) : null,
      entry.createdAt,
      entry.firstSentAt ?? null,
    )
  return Number(result.lastInsertRowid)
}

export function setPayload(db: Database, seq: number, payload: OutboxPayload, customerName: string): void {
  db.prepare('UPDATE customer_outbox SET payload = ?, customer_name = ? WHERE seq = ?').run(
    JSON.stringify(payload),
    customerName,
    seq,
  )
}

/** Recorded before the request goes out, so a crash mid-send still reconciles next time. */
export function markSending(db: Database, seq: number, nowIso: string): void {
  db.prepare(
    'UPDATE customer_outbox SET attempts = attempts + 1, first_sent_at = coalesce(first_sent_at, ?) WHERE seq = ?',
  ).run(nowIso, seq)
}

export function markRejected(db: Database, seq: number, error: AppErrorData): void {
  const kept = { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) }
  db.prepare("UPDATE customer_outbox SET state = 'rejected', error = ? WHERE seq = ?").run(
    JSON.stringify(kept),
    seq,
  )
}

/** Back in line (after the person fixed it): a create keeps its first_sent_at so it is still reconciled. */
export function markPending(db: Database, seq: number): void {
  db.prepare("UPDATE customer_outbox SET state = 'pending', error = NULL WHERE seq = ?").run(seq)
}

export function removeEntry(db: Database, seq: number): void {
  db.prepare('DELETE FROM customer_outbox WHERE seq = ?').run(seq)
}

export function renameCustomer(db: Database, fromId: string, toId: string): void {
  db.prepare('UPDATE customer_outbox SET customer_id = ? WHERE customer_id = ?').run(toId, fromId)
}

export function outboxCounts(db: Database): { pending: number; rejected: number } {
  const rows = db.prepare('SELECT state, count(*) AS n FROM customer_outbox GROUP BY state').all() as Array<{
    state: string
    n: number
  }>
  return {
    pending: rows.find((r) => r.state === 'pending')?.n ?? 0,
    rejected: rows.find((r) => r.state === 'rejected')?.n ?? 0,
  }
}
