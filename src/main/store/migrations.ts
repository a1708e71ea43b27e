import { apiLogsMigrations } from '../apiLogs/migrations'
import { connectionsMigrations } from '../connections/migrations'
import { customersMigrations } from '../customers/migrations'
import { phoneNumbersMigrations } from '../phoneNumbers/migrations'
import { setupLinksMigrations } from '../setupLinks/migrations'
import { webhookArchiveMigrations, webhooksMigrations, webhookToolsMigrations } from '../webhooks/migrations'
import type { Migration } from './database'

/**
 * Every capability's schema steps, in the order they run. A capability adds
 * its own list here (e.g. `...customersMigrations`); ids never change once
 * released, so an upgraded database only runs what it has not seen.
 */
export const migrations: readonly Migration[] = [
  {
    id: 'store/001-sync-state',
    up: (db) =>
      db.exec(`CREATE TABLE sync_state (
        resource TEXT PRIMARY KEY,
        last_synced_at TEXT,
        cursor TEXT,
        detail TEXT
      )`),
  },
  ...webhooksMigrations,
  ...customersMigrations,
  ...setupLinksMigrations,
  ...connectionsMigrations,
  ...phoneNumbersMigrations,
  ...webhookToolsMigrations,
  ...webhookArchiveMigrations,
  ...apiLogsMigrations,
]
