import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { importDataset, loadDataset } from '.'
import { pairIdx, parseIdx } from './idx'
import { expectNothingLeft } from './testing/leftovers'
import { idxBytes, syntheticImages, writeIdxFolder } from './testing/fixtures'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

describe('parseIdx', () => {
  it('reads big-endian dims and exactly their product of bytes', () => {
    const parsed = parseIdx(idxBytes([2, 3, 4], syntheticImages(2, 3, 4)), 'x')
    expect(parsed.dims).toEqual([2, 3, 4])
    expect(parsed.data.length).toBe(24)
    expect(parsed.data[23]).toBe((1 * 7 + 11) % 256)
  })
  it.each([
    [
      'wrong magic',
      Buffer.from('PK\x03\x04 not idx at all'),
      /not an IDX file \(magic 50 4b 03 04/,
    ],
    [
      'little-endian header',
      idxBytes([2, 2, 2], new Uint8Array(8), { littleEndian: true }),
      /little-endian/,
    ],
    ['truncated file', idxBytes([3, 2, 2], new Uint8Array(12)).subarray(0, 20), /truncated.*3×2×2/],
    [
      'header cut short',
      idxBytes([3, 2, 2], new Uint8Array(12)).subarray(0, 9),
      /ends inside its header/,
    ],
    [
      'trailing bytes',
      Buffer.concat([idxBytes([1, 2, 2], new Uint8Array(4)), Buffer.from([1, 2, 3])]),
      /3 unexpected bytes/,
    ],
    [
      'float values',
      Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]),
      /float32.*not supported/,
    ],
    ['too short', Buffer.from([0, 0]), /too short/],
  ])('refuses %s with a clear message', (_name, bytes, message) => {
    expect(() => parseIdx(bytes, 'train-images-idx3-ubyte')).toThrow(message)
  })
  it('refuses images and labels of different counts', () => {
    const images = parseIdx(idxBytes([3, 2, 2], new Uint8Array(12)), 'i')
    const labels = parseIdx(idxBytes([2], [0, 1]), 'l')
    expect(() => pairIdx(images, labels, { images: 'imgs', labels: 'labs' })).toThrow(
      /imgs holds 3 images but labs holds 2 labels/,
    )
  })
})

describe('importing IDX folders', () => {
  it('imports an MNIST-layout folder and loads the same pixels and labels back', async () => {
    const src = join(home, 'src')
    writeIdxFolder(src, { train: 50, test: 9, h: 6, w: 5, classes: 3 })
    const progress: string[] = []
    const { dataset } = await importDataset(
      store,
      home,
      { path: src, name: 'Tiny digits' },
      { onProgress: (p) => progress.push(p.phase) },
    )
    expect(dataset).toMatchObject({
      id: 'tiny-digits',
      format: 'idx',
      shape: [6, 5, 1],
      classes: ['0', '1', '2'],
      counts: { train: 50, test: 9 },
    })
    expect(dataset.classCounts).toEqual([17 + 3, 17 + 3, 16 + 3])
    expect(progress).toContain('reading')
    expect(progress.at(-1)).toBe('writing')
    expect(store.datasets.get('tiny-digits')?.contentHash).toMatch(/^[0-9a-f]{64}$/)
    const loaded = await loadDataset(home, 'tiny-digits', { valFraction: 0 })
    expect([...loaded.train.images]).toEqual([...syntheticImages(50, 6, 5)])
    expect([...loaded.test.labels]).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2])
    const all = syntheticImages(50, 6, 5)
    const mean = all.reduce((a, b) => a + b, 0) / all.length
    expect(loaded.mean[0]).toBeCloseTo(mean, 6)
  })

  it('accepts gzip’d files, and names Fashion-MNIST’s classes', async () => {
    const src = join(home, 'fashion')
    writeIdxFolder(src, { train: 20, test: 10, classes: 10 })
    for (const f of [
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ]) {
      const { readFileSync, rmSync } = await import('node:fs')
      writeFileSync(join(src, `${f}.gz`), gzipSync(readFileSync(join(src, f))))
      rmSync(join(src, f))
    }
    const { dataset } = await importDataset(store, home, { path: src })
    expect(dataset.name).toBe('fashion')
    expect(dataset.classes[9]).toBe('Ankle boot')
    expect(dataset.counts).toEqual({ train: 20, test: 10 })
  })

  it('holds out a seeded, stratified test split when the folder has no test files', async () => {
    const src = join(home, 'notest')
    writeIdxFolder(src, { train: 60, test: 0, classes: 3, skipTest: true })
    const a = await importDataset(store, home, { path: src, name: 'a', seed: 5, testFraction: 0.2 })
    // The same seed gives the same split: the same data, stored again only when asked to.
    await expect(
      importDataset(store, home, { path: src, name: 'b', seed: 5, testFraction: 0.2 }),
    ).rejects.toMatchObject({ code: 'datasets/duplicate', duplicateOf: { id: 'a' } })
    const b = await importDataset(store, home, {
      path: src,
      name: 'b',
      seed: 5,
      testFraction: 0.2,
      allowDuplicate: true,
    })
    expect(a.dataset.counts).toEqual({ train: 48, test: 12 })
    expect(b.dataset.id).toBe('b')
    expect(a.dataset.splitSeed).toBe(5)
    const [la, lb] = await Promise.all([loadDataset(home, 'a'), loadDataset(home, 'b')])
    expect([...la.test.images]).toEqual([...lb.test.images])
    expect([...la.test.labels].filter((l) => l === 0)).toHaveLength(4)
  })

  it.each([
    [
      'mismatched counts',
      (dir: string) =>
        writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([49], new Uint8Array(49))),
      /holds 50 images but .* 49 labels/,
    ],
    [
      'a truncated images file',
      (dir: string) =>
        writeFileSync(
          join(dir, 't10k-images-idx3-ubyte'),
          idxBytes([9, 6, 5], new Uint8Array(200)),
        ),
      /truncated/,
    ],
    [
      'a damaged gzip',
      (dir: string) =>
        writeFileSync(
          join(dir, 'train-images-idx3-ubyte.gz'),
          gzipSync(Buffer.alloc(5000)).subarray(0, 30),
        ),
      /gzip data is damaged/,
    ],
  ])('refuses %s and leaves no dataset behind', async (_name, damage, message) => {
    const src = join(home, 'bad')
    writeIdxFolder(src, { train: 50, test: 9 })
    if (String(_name).includes('gzip'))
      (await import('node:fs')).rmSync(join(src, 'train-images-idx3-ubyte'))
    damage(src)
    await expect(importDataset(store, home, { path: src, name: 'bad' })).rejects.toThrow(message)
    expectNothingLeft(store, home)
  })
})

describe('EMNIST layout', () => {
  it('transposes EMNIST’s column-major images and names classes from its mapping file', async () => {
    const src = join(home, 'emnist')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(src)
    // One 2×3 image stored column-major: columns (1, 2), (3, 4), (5, 6) → rows 1 3 5 / 2 4 6.
    writeFileSync(
      join(src, 'emnist-letters-train-images-idx3-ubyte'),
      idxBytes([1, 3, 2], [1, 2, 3, 4, 5, 6]),
    )
    writeFileSync(join(src, 'emnist-letters-train-labels-idx1-ubyte'), idxBytes([1], [2]))
    writeFileSync(
      join(src, 'emnist-letters-test-images-idx3-ubyte'),
      idxBytes([1, 3, 2], [6, 5, 4, 3, 2, 1]),
    )
    writeFileSync(join(src, 'emnist-letters-test-labels-idx1-ubyte'), idxBytes([1], [1]))
    writeFileSync(join(src, 'emnist-letters-mapping.txt'), '1 65 97\n2 66 98\n')
    const { dataset } = await importDataset(store, home, { path: src })
    expect(dataset.shape).toEqual([2, 3, 1])
    expect(dataset.classes).toEqual(['0', 'A', 'B'])
    const loaded = await loadDataset(home, dataset.id, { valFraction: 0 })
    expect([...loaded.train.images]).toEqual([1, 3, 5, 2, 4, 6])
  })
})
