import type { ForwardAttempt } from '../../../shared/webhooks/forwarding'
import type { Database } from '../../store/database'

export interface NewAttempt {
  kind: ForwardAttempt['kind']
  deliveryId: string | null
  eventId: number | null
  eventType: string | null
  url: string
  signing: ForwardAttempt['signing']
  headers: readonly (readonly [string, string])[]
  /** Stored only when it is not the delivery's own body. */
  body: Uint8Array | null
  startedAt: number
  retryOf: number | null
}

interface Row {
  id: number
  kind: ForwardAttempt['kind']
  delivery_id: string | null
  event_id: number | null
  event_type: string | null
  url: string
  signing: ForwardAttempt['signing']
  request_headers: string
  request_body: Uint8Array | null
  state: ForwardAttempt['state']
  started_at: number
  duration_ms: number | null
  response_status: number | null
  response_body: string | null
  error: string | null
  retry_of: number | null
  retried_by: number | null
}

const toAttempt = (r: Row): ForwardAttempt => ({
  id: r.id,
  kind: r.kind,
  eventId: r.event_id,
  deliveryId: r.delivery_id,
  eventType: r.event_type,
  url: r.url,
  signing: r.signing,
  state: r.state,
  startedAt: new Date(r.started_at).toISOString(),
  durationMs: r.duration_ms,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  error: r.error,
  edited: r.request_body !== null,
  retryOf: r.retry_of,
  retriedBy: r.retried_by,
})

/** Successful attempts kept; failed ones are never trimmed (they wait for a retry or for their event to go). */
export const KEEP_OK_ATTEMPTS = 10_000

/** The forward attempts of one project, in its SQLite file. */
export class ForwardLog {
  constructor(private readonly db: Database) {}

  /** Trims the oldest successful attempts beyond `keep`; returns how many went. */
  prune(keep = KEEP_OK_ATTEMPTS): number {
    const cutoff = this.db
      .prepare("SELECT id FROM webhook_forwards WHERE state = 'ok' ORDER BY id DESC LIMIT 1 OFFSET ?")
      .get(keep) as { id: number } | undefined
    if (!cutoff) return 0
    return Number(
      this.db.prepare("DELETE FROM webhook_forwards WHERE state = 'ok' AND id <= ?").run(cutoff.id).changes,
    )
  }

  begin(a: NewAttempt): number {
    const row = this.db
      .prepare(
        `INSERT INTO webhook_forwards (kind, delivery_id, event_id, event_type, url, signing, request_headers,
           request_body, state, started_at, retry_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(
        a.kind,
        a.deliveryId,
        a.eventId,
        a.eventType,
        a.url,
        a.signing,
        JSON.stringify(a.headers),
        a.body,
        a.startedAt,
        a.retryOf,
      )
    const id = Number(row.lastInsertRowid)
    if (a.retryOf !== null)
      this.db.prepare('UPDATE webhook_forwards SET retried_by = ? WHERE id = ?').run(id, a.retryOf)
    return id
  }

  finish(
    id: number,
    r: { status: number | null; body: string | null; error: string | null; durationMs: number },
  ): void {
    const ok = r.status !== null && r.status >= 200 && r.status < 300
    this.db
      .prepare(
        `UPDATE webhook_forwards SET state = ?, response_status = ?, response_body = ?, error = ?, duration_ms = ?
         WHERE id = ?`,
      )
      .run(
        ok ? 'ok' : 'failed',
        r.status,
        r.body,
        r.error ?? (ok ? null : `The target answered HTTP ${r.status}.`),
        r.durationMs,
        id,
      )
  }

  get(id: number): ForwardAttempt | null {
    const row = this.db.prepare('SELECT * FROM webhook_forwards WHERE id = ?').get(id) as Row | undefined
    return row ? toAttempt(row) : null
  }

  /** What a retry needs: the request exactly as it was sent. */
  request(id: number): (Row & { delivery_body: Uint8Array | null }) | null {
    return (
      (this.db
        .prepare(
          `SELECT f.*, d.body AS delivery_body FROM webhook_forwards f
           LEFT JOIN webhook_deliveries d ON d.id = f.delivery_id WHERE f.id = ?`,
        )
        .get(id) as (Row & { delivery_body: Uint8Array | null }) | undefined) ?? null
    )
  }

  /** Attempts for one event: its delivery's forwards and its replays, newest first. */
  forEvent(eventId: number, deliveryId: string): ForwardAttempt[] {
    return (
      this.db
        .prepare(
          'SELECT * FROM webhook_forwards WHERE delivery_id = ? OR event_id = ? ORDER BY id DESC LIMIT 200',
        )
        .all(deliveryId, eventId) as unknown as Row[]
    ).map(toAttempt)
  }

  recent(limit: number): ForwardAttempt[] {
    return (
      this.db
        .prepare('SELECT * FROM webhook_forwards ORDER BY id DESC LIMIT ?')
        .all(limit) as unknown as Row[]
    ).map(toAttempt)
  }

  /** Failed attempts nobody retried yet. */
  failedCount(): number {
    return Number(
      (
        this.db
          .prepare("SELECT count(*) AS n FROM webhook_forwards WHERE state = 'failed' AND retried_by IS NULL")
          .get() as { n: number }
      ).n,
    )
  }
}
