import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from './migrate'
import { migrations, type Migration } from './migrations'
import { tempDir } from './testing/tempStore'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function freshDb(): Database.Database {
  const t = tempDir()
  const db = new Database(join(t.dir, 'm.db'))
  cleanups.push(() => {
    db.close()
    t.cleanup()
  })
  return db
}

const tables = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name)

describe('migrate', () => {
  it('applies each migration once, in order, recording user_version', () => {
    const db = freshDb()
    const second: Migration = {
      version: 2,
      name: 'notes',
      up: (d) => d.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY) STRICT'),
    }
    migrate(db, [migrations[0]!])
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    migrate(db, [migrations[0]!, second])
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    expect(tables(db)).toContain('notes')
    migrate(db, [migrations[0]!, second]) // nothing left to do
    expect(db.pragma('user_version', { simple: true })).toBe(2)
  })

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const db = freshDb()
    migrate(db, [migrations[0]!])
    const before = tables(db)
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT')
        d.exec('ALTER TABLE no_such_table ADD COLUMN y INTEGER')
      },
    }
    expect(() => migrate(db, [migrations[0]!, broken])).toThrow(/no such table/)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(tables(db)).toEqual(before)
  })

  it('creates every table of the schema', () => {
    const db = freshDb()
    migrate(db)
    expect(tables(db)).toEqual([
      'checkpoints',
      'datasets',
      'designs',
      'exports',
      'metric_series',
      'metrics',
      'runs',
    ])
  })
})
