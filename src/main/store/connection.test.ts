import Database from 'better-sqlite3'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LATEST_VERSION, openStore, StoreError } from '.'
import { newRun, tempDir } from './testing/tempStore'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function dir(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

describe('openDatabase', () => {
  it('creates a migrated WAL database with foreign keys on', () => {
    const file = join(dir(), 'blockwise.db')
    const store = openStore(file)
    expect(store.readOnly).toBe(false)
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    const run = store.runs.create(newRun())
    store.close()
    const again = openStore(file)
    expect(again.runs.get(run.id)?.name).toBe('run')
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    again.close()
  })

  it('refuses a database from a newer Blockwise and leaves it byte-identical', () => {
    const d = dir()
    const file = join(d, 'blockwise.db')
    const raw = new Database(file)
    raw.exec('CREATE TABLE future (x)')
    raw.pragma(`user_version = ${LATEST_VERSION + 7}`)
    raw.close()
    const before = readFileSync(file)
    const listing = readdirSync(d).sort()
    let caught: unknown
    try {
      openStore(file)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(StoreError)
    expect((caught as StoreError).code).toBe('store/newer-version')
    expect((caught as Error).message).toMatch(
      new RegExp(`newer Blockwise.*schema ${LATEST_VERSION + 7}`, 's'),
    )
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(readdirSync(d).sort()).toEqual(listing)
  })

  it('opens a damaged database read-only, says so, and never writes to it', () => {
    const file = join(dir(), 'blockwise.db')
    const store = openStore(file)
    for (let i = 0; i < 300; i++) store.runs.create(newRun({ name: `run ${i} ${'x'.repeat(200)}` }))
    store.close()
    // The runs table's pages only: a damaged schema page would make the file unopenable.
    const raw = new Database(file, { readonly: true })
    const runPages = raw
      .prepare<[], { pageno: number }>("SELECT pageno FROM dbstat WHERE name = 'runs'")
      .all()
      .map((r) => r.pageno)
    raw.close()
    const bytes = readFileSync(file)
    const pageSize = bytes.readUInt16BE(16)
    // Break the b-tree page headers of several pages (cell counts far beyond the page).
    for (const page of runPages.filter((_, i) => i % 3 === 1))
      bytes.writeUInt16BE(0x7fff, (page - 1) * pageSize + 3)
    writeFileSync(file, bytes)
    const damaged = openStore(file)
    expect(damaged.readOnly).toBe(true)
    expect(damaged.problem).toMatch(/integrity check/)
    expect(() => damaged.runs.create(newRun())).toThrow(/read-only/)
    expect(damaged.runs.markCrashedOnStartup()).toEqual([])
    damaged.close()
    expect(readFileSync(file).equals(bytes)).toBe(true)
  })

  it('refuses a file that is not a database without touching it', () => {
    const file = join(dir(), 'blockwise.db')
    writeFileSync(file, 'these are not the pages you are looking for'.repeat(200))
    const before = readFileSync(file)
    expect(() => openStore(file)).toThrow(/not a readable Blockwise database/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('backs up a live database to a file that opens with the same rows', async () => {
    const d = dir()
    const store = openStore(join(d, 'blockwise.db'))
    const run = store.runs.create(newRun({ name: 'kept' }))
    store.metrics.append(run.id, [{ name: 'loss', step: 1, epoch: 0, value: 2.5, time: 1 }])
    await store.backup(join(d, 'copy.db'))
    store.close()
    expect(existsSync(join(d, 'copy.db'))).toBe(true)
    const copy = openStore(join(d, 'copy.db'))
    expect(copy.runs.get(run.id)?.name).toBe('kept')
    expect(copy.metrics.series(run.id, 'loss').points[0]?.value).toBe(2.5)
    copy.close()
  })
})
