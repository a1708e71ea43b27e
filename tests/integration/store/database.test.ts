import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
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
