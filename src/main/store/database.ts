import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AppError } from '../../shared/ipc/errors'
import { ensurePrivateDir, ensurePrivateFile, restrictIfPresent } from './privateFiles'

/** A numbered step of the schema. Ids are "<capability>/<nnn>" so capabilities never collide. */
export interface Migration {
  id: string
  up(db: DatabaseSync): void
}

export type Database = DatabaseSync

export interface OpenOptions {
  /**
   * When a commit reaches the disk. NORMAL (the default): durable at the next
   * checkpoint, never corrupt after a crash in WAL mode, but the last commits
   * can be lost on power loss. FULL: every commit is fsynced before it returns,
   * which the project database needs because the receiver answers 200 to Kapso
   * right after its commit (see ProjectDatabase and the README).
   */
  synchronous?: 'NORMAL' | 'FULL'
}

/**
 * Opens (or creates) one project's SQLite file: WAL so readers never wait on
 * the writer, `synchronous` as asked (NORMAL unless told), foreign keys on, and
 * pending migrations applied, each in its own transaction. The file, its -wal
 * and -shm are the person's alone (0600, in a 0700 folder).
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[],
  options: OpenOptions = {},
): Database {
  const onDisk = file !== '' && file !== ':memory:'
  if (onDisk) {
    ensurePrivateDir(dirname(file))
    // node:sqlite creates the file 0644 (less the umask); created here first, it stays 0600,
    // and SQLite gives the -wal and -shm it creates the database file's own mode.
    ensurePrivateFile(file)
  }
  const db = openConnection(file, options)
  runMigrations(db, migrations)
  if (onDisk) {
    // Left by an older version with 0644: tighten them too (the database file was tightened above).
    restrictIfPresent(`${file}-wal`)
    restrictIfPresent(`${file}-shm`)
  }
  return db
}

/**
 * One connection with this project's pragmas and no migrations: the data
 * worker's second connection to a file main has already opened and migrated.
 */
export function openConnection(file: string, options: OpenOptions = {}): Database {
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
  db.exec(`PRAGMA synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`)
  // Checkpoint (copy the WAL into the file, with an fsync) every 16 MiB instead of every 4 MiB:
  // under a webhook burst the receiver commits hundreds of times a second, and a checkpoint
  // every ~30 commits cost it ~5–10% (measured with tests/bench/webhookReceiver.bench.ts).
  // The WAL is cut back to 8 MiB after a checkpoint so it does not stay at its peak.
  db.exec('PRAGMA wal_autocheckpoint = 4000')
  db.exec('PRAGMA journal_size_limit = 8388608')
  db.exec('PRAGMA foreign_keys = ON')
  // Main and the data worker each hold a connection: a writer waits for the other's short
  // transaction instead of failing with SQLITE_BUSY.
  db.exec('PRAGMA busy_timeout = 5000')
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
