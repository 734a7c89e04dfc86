import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '.'
import { migrate } from './migrate'
import { migrations } from './migrations'
import { fakeDataset, tempDir, tempStore } from './testing/tempStore'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('datasets table: data hashes', () => {
  it('stores a hash with the row and finds every row with it, oldest first', () => {
    const t = tempStore()
    cleanups.push(t.cleanup)
    const { datasets } = t.store
    datasets.insert(fakeDataset('b', { dataHash: 'h1', createdAt: 2 }))
    datasets.insert(fakeDataset('a', { dataHash: 'h1', createdAt: 1 }))
    datasets.insert(fakeDataset('c', { dataHash: 'h2' }))
    datasets.insert(fakeDataset('legacy'))
    expect(datasets.withDataHash('h1').map((d) => d.id)).toEqual(['a', 'b'])
    expect(datasets.withDataHash('nope')).toEqual([])
    expect(datasets.withoutDataHash().map((d) => d.id)).toEqual(['legacy'])
    expect(datasets.setDataHash('legacy', 'h3')).toBe(true)
    expect(datasets.setDataHash('legacy', 'other')).toBe(false) // never replaced
    expect(datasets.setDataHash('c', 'other')).toBe(false)
    expect(datasets.get('legacy')?.dataHash).toBe('h3')
    expect(datasets.get('c')?.dataHash).toBe('h2')
  })

  it('migrates a version-1 database: its datasets keep every field and get a NULL hash', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = join(dir, 'blockwise.db')
    const v1 = new Database(file)
    migrate(v1, [migrations[0]!])
    v1.prepare(
      `INSERT INTO datasets (id, name, format, builtin, shape, classes, counts, class_counts,
        source_path, content_hash, mean, std, cache_dir, split_seed, skipped, created_at)
       VALUES ('old', 'Old', 'idx', 0, '[28,28,1]', '["0","1"]', '{"train":4,"test":2}', '[3,3]',
        '/src', 'abc', '[1]', '[2]', '/cache/old', NULL, '[]', 5)`,
    ).run()
    v1.close()
    const store = openStore(file)
    cleanups.unshift(() => store.close())
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.length)
    expect(store.datasets.get('old')).toMatchObject({
      name: 'Old',
      contentHash: 'abc',
      dataHash: null,
      counts: { train: 4, test: 2 },
    })
    expect(store.datasets.withoutDataHash().map((d) => d.id)).toEqual(['old'])
  })
})
