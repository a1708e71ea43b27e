import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { createCore } from '../../../src/main/core/createCore'
import { createLogger } from '../../../src/main/log/logger'
import { createMemorySecretStore } from '../../../src/main/secrets/memorySecretStore'
import { openDatabase, runMigrations, transaction } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import { tempDataDir } from '../../support/tempDir'

const dirs: { remove(): void }[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove()
})

test('a new database is in WAL mode with every migration applied once', () => {
  const data = tempDataDir()
  dirs.push(data)
  const file = join(data.dir, 'projects', 'p1', 'cache.sqlite')
  const db = openDatabase(file, migrations)
  expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal')
  expect(runMigrations(db, migrations)).toEqual([])
  db.close()
  const again = openDatabase(file, migrations)
  const ids = (
    again.prepare('SELECT id FROM schema_migrations ORDER BY rowid').all() as { id: string }[]
  ).map((r) => r.id)
  expect(ids).toEqual(migrations.map((m) => m.id))
  again.close()
})

test('a failing migration leaves nothing half-applied', () => {
  const data = tempDataDir()
  dirs.push(data)
  const broken = [
    ...migrations,
    {
      id: 'test/001-broken',
      up: (db: import('node:sqlite').DatabaseSync) => {
        db.exec('CREATE TABLE half (x)')
        throw new Error('boom')
      },
    },
  ]
  expect(() => openDatabase(join(data.dir, 'c.sqlite'), broken)).toThrow('boom')
  const db = openDatabase(join(data.dir, 'c.sqlite'), migrations)
  expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined()
  expect(() =>
    transaction(db, () => {
      db.prepare('INSERT INTO sync_state (resource) VALUES (?)').run('customers')
      throw new Error('abort')
    }),
  ).toThrow('abort')
  expect(db.prepare('SELECT count(*) AS n FROM sync_state').get()).toEqual({ n: 0 })
  db.close()
})

test('synchronous is NORMAL unless asked; the project database (webhook store included) is FULL', async () => {
  const data = tempDataDir()
  dirs.push(data)
  const level = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous
  const normal = openDatabase(join(data.dir, 'n.sqlite'), migrations)
  const full = openDatabase(join(data.dir, 'f.sqlite'), migrations, { synchronous: 'FULL' })
  // SQLite's numbers: 1 = NORMAL, 2 = FULL.
  expect([level(normal), level(full)]).toEqual([1, 2])
  normal.close()
  full.close()

  // The receiver answers 200 after committing to the active project's database: every commit is fsynced.
  const core = createCore({
    appName: 'Kapso Console',
    appVersion: '0.0.0-test',
    dataDir: join(data.dir, 'app'),
    secrets: createMemorySecretStore(),
    log: createLogger({ level: 'error' }),
    sandboxCustomers: 1,
  })
  try {
    expect(level(await core.database.current())).toBe(2)
  } finally {
    await core.dispose()
  }
})
