import type { Migration } from '../store/database'

/**
 * The customers cache. `search` is the lowercased haystack of everything
 * search-as-you-type looks at (name, external id, id, phone numbers), so a
 * keystroke is one `instr` over a covering index instead of four LIKEs over
 * the table (chosen by measurement: tests/bench/customers.bench.ts). The sort
 * indexes carry it too, so the window of a broad search never reads the table.
 * `connection` and `phone_count` are kept up to date by the store on every
 * write, so filters and counts never join.
 */
export const customersMigrations: readonly Migration[] = [
  {
    id: 'customers/001-tables',
    up: (db) =>
      db.exec(`
        CREATE TABLE customers (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          external_customer_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          last_activity_at TEXT NOT NULL,
          search TEXT NOT NULL,
          connection TEXT NOT NULL DEFAULT 'unknown',
          phone_count INTEGER NOT NULL DEFAULT 0,
          phone_display TEXT,
          -- Phone numbers' part of the haystack, kept so a customer upsert need not read its numbers.
          phone_search TEXT NOT NULL DEFAULT '',
          link_status TEXT,
          link_expires_at TEXT,
          links_checked_at TEXT,
          is_local INTEGER NOT NULL DEFAULT 0,
          seen_pass INTEGER NOT NULL DEFAULT 0
        );
        -- Sort indexes cover the filter and the haystack, so a window is found without touching the table.
        CREATE INDEX customers_name ON customers(name COLLATE NOCASE, id, connection, search);
        CREATE INDEX customers_created ON customers(created_at, id, connection, search);
        CREATE INDEX customers_activity ON customers(last_activity_at, id, connection, search);
        CREATE INDEX customers_external ON customers(external_customer_id) WHERE external_customer_id IS NOT NULL;
        CREATE INDEX customers_search ON customers(connection, search);
        CREATE INDEX customers_seen ON customers(seen_pass);

        CREATE TABLE customer_phone_numbers (
          phone_number_id TEXT PRIMARY KEY,
          customer_id TEXT,
          name TEXT NOT NULL,
          display_phone_number TEXT,
          display_phone_number_normalized TEXT,
          verified_name TEXT,
          status TEXT,
          quality_rating TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          seen_pass INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX customer_phone_numbers_customer ON customer_phone_numbers(customer_id, created_at);
        CREATE INDEX customer_phone_numbers_seen ON customer_phone_numbers(seen_pass);

        CREATE TABLE customer_setup_links (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL,
          status TEXT NOT NULL,
          url TEXT NOT NULL,
          created_at TEXT NOT NULL,
          expires_at TEXT,
          setup_status TEXT,
          setup_error TEXT
        );
        CREATE INDEX customer_setup_links_customer ON customer_setup_links(customer_id, created_at);

        -- One row per resource: the pass in progress (or the last one) and where it stands.
        CREATE TABLE customer_sync (
          resource TEXT PRIMARY KEY,
          pass INTEGER NOT NULL,
          total INTEGER,
          per_page INTEGER NOT NULL,
          complete INTEGER NOT NULL DEFAULT 0,
          started_at TEXT NOT NULL,
          finished_at TEXT
        );
        -- Pages of the current pass already stored: an interrupted pass resumes after them.
        CREATE TABLE customer_sync_pages (
          resource TEXT NOT NULL,
          page INTEGER NOT NULL,
          PRIMARY KEY (resource, page)
        ) WITHOUT ROWID;
        CREATE TABLE customer_meta (
          key TEXT PRIMARY KEY,
          value TEXT
        ) WITHOUT ROWID;

        CREATE TABLE customer_outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
          customer_id TEXT NOT NULL,
          customer_name TEXT NOT NULL,
          payload TEXT NOT NULL,
          -- The row as it was before this write, to undo it on discard.
          before TEXT,
          created_at TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
          attempts INTEGER NOT NULL DEFAULT 0,
          -- Set when an attempt may have reached Kapso (connection dropped after sending).
          first_sent_at TEXT,
          error TEXT
        );
        CREATE INDEX customer_outbox_customer ON customer_outbox(customer_id, seq);
      `),
  },
  {
    // A trigram index over the same haystack: a needle of 3+ characters finds its
    // matches without scanning every row (tests/bench/customers.bench.ts measures both).
    // External content keyed by rowid: if a VACUUM is ever added, rebuild it afterwards.
    id: 'customers/002-search-trigram',
    up: (db) =>
      db.exec(`
        CREATE VIRTUAL TABLE customers_trigram USING fts5(
          search, tokenize = 'trigram', content = 'customers', content_rowid = 'rowid'
        );
        CREATE TRIGGER customers_trigram_insert AFTER INSERT ON customers BEGIN
          INSERT INTO customers_trigram (rowid, search) VALUES (new.rowid, new.search);
        END;
        CREATE TRIGGER customers_trigram_delete AFTER DELETE ON customers BEGIN
          INSERT INTO customers_trigram (customers_trigram, rowid, search) VALUES ('delete', old.rowid, old.search);
        END;
        CREATE TRIGGER customers_trigram_update AFTER UPDATE OF search ON customers
          WHEN old.search IS NOT new.search BEGIN
          INSERT INTO customers_trigram (customers_trigram, rowid, search) VALUES ('delete', old.rowid, old.search);
          INSERT INTO customers_trigram (rowid, search) VALUES (new.rowid, new.search);
        END;
        INSERT INTO customers_trigram (customers_trigram) VALUES ('rebuild');
      `),
  },
  {
    // Items of a synced page the console could not read (tolerant reader): shown as rows naming the
    // field, and counted as seen so the pass does not take the list for shorter than Kapso says.
    id: 'customers/003-unreadable',
    up: (db) =>
      db.exec(`
        CREATE TABLE customer_unreadable (
          resource TEXT NOT NULL,
          page INTEGER NOT NULL,
          item INTEGER NOT NULL,
          record_id TEXT,
          field TEXT NOT NULL,
          reason TEXT NOT NULL,
          seen_pass INTEGER NOT NULL,
          PRIMARY KEY (resource, page, item)
        );
      `),
  },
]
