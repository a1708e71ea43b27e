import type { Migration } from '../store/database'

/**
 * The API logs seen from Kapso, so they stay visible offline. Kapso keeps
 * 30 days (`period` goes up to 30d); older rows are pruned at each refresh.
 */
export const apiLogsMigrations: readonly Migration[] = [
  {
    id: 'apiLogs/001-cache',
    up: (db) =>
      db.exec(`
        CREATE TABLE api_logs (
          id TEXT PRIMARY KEY,
          endpoint TEXT NOT NULL,
          http_method TEXT NOT NULL,
          response_status INTEGER NOT NULL,
          response_time_ms REAL,
          error_message TEXT,
          created_at TEXT NOT NULL,
          api_key_name TEXT,
          raw TEXT NOT NULL
        ) WITHOUT ROWID;
        -- Newest first (the view's only order); ids break ties the same way every time.
        CREATE INDEX api_logs_created ON api_logs(created_at, id);
      `),
  },
]
