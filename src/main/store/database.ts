import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AppError } from '../../shared/ipc/errors'

/** A numbered step of the schema. Ids are "<capability>/<nnn>" so capabilities never collide. */
export interface Migration {
  id: string
  up(db: DatabaseSync): void
}

export type Database = DatabaseSync

/**
 * Opens (or creates) one project's SQLite file: WAL so readers never wait on
 * the writer, `synchronous=NORMAL` (durable at each checkpoint, never corrupt
 * after a crash in WAL mode), foreign keys on, and pending migrations applied,
 * each in its own transaction.
 */
export function openDatabase(file: string, migrations: readonly Migration[]): Database {
  mkdirSync(dirname(file), { recursive: true })
  let db: DatabaseSync
  try {
    db = new DatabaseSync(file)
  } catch (error) {
    throw new AppError(
      'internal',
      `The local cache at ${file} could not be opened: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL')
  // Checkpoint (copy the WAL into the file, with an fsync) every 16 MiB instead of every 4 MiB:
  // under a webhook burst the receiver commits hundreds of times a second, and a checkpoint
  // every ~30 commits cost it ~5–10% (measured with tests/bench/webhookReceiver.bench.ts).
  // The WAL is cut back to 8 MiB after a checkpoint so it does not stay at its peak.
  db.exec('PRAGMA wal_autocheckpoint = 4000')
  db.exec('PRAGMA journal_size_limit = 8388608')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec('PRAGMA busy_timeout = 5000')
  runMigrations(db, migrations)
  return db
}

export function runMigrations(db: DatabaseSync, migrations: readonly Migration[]): string[] {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))",
  )
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id),
  )
  const ran: string[] = []
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue
    transaction(db, () => {
      migration.up(db)
      db.prepare('INSERT INTO schema_migrations (id) VALUES (?)').run(migration.id)
    })
    ran.push(migration.id)
  }
  return ran
}

/** Runs `work` atomically: all of it is committed, or none of it. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}
