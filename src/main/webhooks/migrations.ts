import type { Migration } from '../store/database'

/**
 * Deliveries keep the request exactly as received (headers in order, raw
 * bytes); events are what the viewer lists, one per item of a batch. The
 * full-text index is contentless (bodies live once, in deliveries) and
 * deletable, so retention can drop old rows.
 */
export const webhooksMigrations: readonly Migration[] = [
  {
    id: 'webhooks/001-events',
    up: (db) =>
      db.exec(`
        CREATE TABLE webhook_deliveries (
          id TEXT PRIMARY KEY,
          received_at INTEGER NOT NULL,
          method TEXT NOT NULL,
          path TEXT NOT NULL,
          source TEXT NOT NULL,
          headers TEXT NOT NULL,
          body BLOB NOT NULL,
          signature TEXT NOT NULL,
          idempotency_key TEXT,
          duplicate INTEGER NOT NULL DEFAULT 0,
          batch_size INTEGER
        );
        CREATE INDEX webhook_deliveries_idempotency ON webhook_deliveries(idempotency_key)
          WHERE idempotency_key IS NOT NULL;

        CREATE TABLE webhook_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
          received_at INTEGER NOT NULL,
          event_type TEXT,
          phone_number_id TEXT,
          customer_id TEXT,
          signature TEXT NOT NULL,
          duplicate INTEGER NOT NULL DEFAULT 0,
          size INTEGER NOT NULL,
          batch_index INTEGER,
          batch_size INTEGER,
          is_json INTEGER NOT NULL
        );
        CREATE INDEX webhook_events_delivery ON webhook_events(delivery_id);
        CREATE INDEX webhook_events_type ON webhook_events(event_type, id);
        CREATE INDEX webhook_events_phone ON webhook_events(phone_number_id, id);
        CREATE INDEX webhook_events_customer ON webhook_events(customer_id, id);
        CREATE INDEX webhook_events_signature ON webhook_events(signature, id);

        CREATE VIRTUAL TABLE webhook_events_fts USING fts5(body, content='', contentless_delete=1);
        CREATE TRIGGER webhook_events_fts_delete AFTER DELETE ON webhook_events BEGIN
          DELETE FROM webhook_events_fts WHERE rowid = old.id;
        END;

        CREATE TABLE webhook_customers (
          id TEXT PRIMARY KEY,
          name TEXT
        );
        CREATE TABLE webhook_phone_customers (
          phone_number_id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL
        );
        CREATE TABLE webhook_settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `),
  },
]

/**
 * Forwards, replays and triggers: one row per HTTP attempt, kept whatever
 * happened, so a failed forward is shown and retried, never dropped. The body
 * is stored only when it differs from the delivery's (edited replay, trigger).
 */
export const webhookToolsMigrations: readonly Migration[] = [
  {
    id: 'webhooks/002-forwards',
    up: (db) =>
      db.exec(`
        CREATE TABLE webhook_forwards (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL,
          delivery_id TEXT REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
          event_id INTEGER,
          event_type TEXT,
          url TEXT NOT NULL,
          signing TEXT NOT NULL,
          request_headers TEXT NOT NULL,
          request_body BLOB,
          state TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          duration_ms INTEGER,
          response_status INTEGER,
          response_body TEXT,
          error TEXT,
          retry_of INTEGER,
          retried_by INTEGER
        );
        CREATE INDEX webhook_forwards_delivery ON webhook_forwards(delivery_id, id);
        CREATE INDEX webhook_forwards_failed ON webhook_forwards(state, id) WHERE state = 'failed';
      `),
  },
]

/** Imported deliveries are marked so the viewer shows them read-only; saved views are named filters. */
export const webhookArchiveMigrations: readonly Migration[] = [
  {
    id: 'webhooks/003-imports-and-views',
    up: (db) =>
      db.exec(`
        ALTER TABLE webhook_deliveries ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE webhook_events ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE webhook_saved_views (
          name TEXT PRIMARY KEY,
          filter TEXT NOT NULL,
          saved_at INTEGER NOT NULL
        );
      `),
  },
]
