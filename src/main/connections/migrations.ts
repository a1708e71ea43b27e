import type { Migration } from '../store/database'

/**
 * What the console saw of each customer's onboarding, so the timeline and the
 * "watching" marks survive a restart and stay readable offline:
 * - `connection_signals`: one row per thing that happened (shared, redirect,
 *   webhook, connected, confirmed…), with its source. `trusted = 0` marks a
 *   redirect that named no link of ours: kept to show, never acted on.
 * - `connection_watches`: customers whose active link was created here and
 *   whose numbers are polled until they connect (or the link dies).
 * - `connection_redirects`: for links whose redirects the console catches, the
 *   staff's own final URLs and the link's language (for the tenant's page).
 * - `connection_redirect_checks`: each success redirect on a usable link,
 *   while the API is asked whether it is true (a redirect alone never marks a
 *   connection: anyone who saw the link id can type its URL).
 */
export const connectionsMigrations: readonly Migration[] = [
  {
    id: 'connections/001-tables',
    up: (db) =>
      db.exec(`
        CREATE TABLE connection_signals (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          customer_id TEXT,
          setup_link_id TEXT,
          kind TEXT NOT NULL,
          source TEXT NOT NULL,
          at TEXT NOT NULL,
          phone_number_id TEXT,
          display_phone_number TEXT,
          detail TEXT NOT NULL DEFAULT '{}',
          trusted INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX connection_signals_customer ON connection_signals(customer_id, at);
        CREATE INDEX connection_signals_link ON connection_signals(setup_link_id);

        CREATE TABLE connection_watches (
          customer_id TEXT PRIMARY KEY,
          setup_link_id TEXT NOT NULL,
          started_at TEXT NOT NULL,
          until_at TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at TEXT NOT NULL,
          last_checked_at TEXT,
          last_error TEXT,
          -- Numbers the customer already had when the watch began (a reconnect keeps its number).
          known_numbers TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE connection_redirects (
          setup_link_id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL,
          final_success_url TEXT,
          final_failure_url TEXT,
          language TEXT,
          created_at TEXT NOT NULL
        );
      `),
  },
  {
    id: 'connections/002-redirect-checks',
    up: (db) =>
      db.exec(`
        CREATE TABLE connection_redirect_checks (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          customer_id TEXT NOT NULL,
          setup_link_id TEXT NOT NULL,
          -- What the redirect claimed; null when it named no number.
          phone_number_id TEXT,
          display_phone_number TEXT,
          received_at TEXT NOT NULL,
          -- confirming → confirmed (the API or a signed webhook agreed) | contradicted (the API did not).
          state TEXT NOT NULL DEFAULT 'confirming',
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at TEXT,
          last_checked_at TEXT,
          last_error TEXT,
          reason TEXT,
          resolved_at TEXT
        );
        CREATE INDEX connection_redirect_checks_due ON connection_redirect_checks(state, next_at);
        CREATE INDEX connection_redirect_checks_customer ON connection_redirect_checks(customer_id, id);
      `),
  },
]
