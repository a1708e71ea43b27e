import type { Migration } from '../store/database'

/**
 * Setup links as last fetched (the whole API object in `raw`, so nothing the
 * API said is lost), their QR images (so they can be shown and copied with no
 * network), presets per project, and creates queued while offline. The
 * customers outbox only carries customer writes (its `op` is constrained), so
 * link creates have their own small queue here.
 */
export const setupLinksMigrations: readonly Migration[] = [
  {
    id: 'setupLinks/001-tables',
    up: (db) =>
      db.exec(`
        CREATE TABLE setup_links (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL,
          customer_name TEXT NOT NULL,
          external_customer_id TEXT,
          status TEXT NOT NULL,
          url TEXT NOT NULL,
          created_at TEXT NOT NULL,
          expires_at TEXT,
          raw TEXT NOT NULL,
          fetched_at TEXT NOT NULL
        );
        CREATE INDEX setup_links_customer ON setup_links(customer_id, created_at);
        CREATE INDEX setup_links_created ON setup_links(created_at);

        -- Keyed by the encoded text, so a link whose URL changed gets a new image.
        CREATE TABLE setup_link_qr (
          text TEXT PRIMARY KEY,
          png BLOB NOT NULL,
          svg TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE setup_link_presets (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          options TEXT NOT NULL,
          is_default INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX setup_link_presets_one_default ON setup_link_presets(is_default) WHERE is_default = 1;

        CREATE TABLE setup_link_queue (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          customer_id TEXT NOT NULL,
          customer_name TEXT NOT NULL,
          options TEXT NOT NULL,
          created_at TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
          attempts INTEGER NOT NULL DEFAULT 0,
          -- Set when an attempt may have reached Kapso: the replay looks for that link before resending.
          first_sent_at TEXT,
          error TEXT
        );
      `),
  },
]
