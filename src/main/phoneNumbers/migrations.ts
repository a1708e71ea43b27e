import type { Migration } from '../store/database'

/**
 * The numbers themselves are cached by the customers sync
 * (`customer_phone_numbers`); this capability adds the WABA id the view shows
 * and the last health check per number, so both are there offline.
 */
export const phoneNumbersMigrations: readonly Migration[] = [
  {
    id: 'phoneNumbers/001-waba-and-health',
    up: (db) =>
      db.exec(`
        ALTER TABLE customer_phone_numbers ADD COLUMN business_account_id TEXT;
        CREATE TABLE phone_number_health (
          phone_number_id TEXT PRIMARY KEY,
          status TEXT NOT NULL,
          checked_at TEXT NOT NULL,
          fetched_at TEXT NOT NULL,
          raw TEXT NOT NULL
        ) WITHOUT ROWID;
      `),
  },
  {
    // Newest first without sorting every number (the list's order; ids break ties the same way).
    id: 'phoneNumbers/002-created-index',
    up: (db) =>
      db.exec(
        'CREATE INDEX customer_phone_numbers_created ON customer_phone_numbers(created_at, phone_number_id)',
      ),
  },
]
