import { mkdirSync, readdirSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../store/testing/tempStore'
import { cacheDir, cacheMeta, readSplit, writeCache } from './cache'
import { CacheWriter } from './cacheWriter'
import { hashCacheFolder } from './dataHash'
import { syntheticImages } from './testing/fixtures'

let home: string
let cleanup: () => void
beforeEach(() => ({ dir: home, cleanup } = tempDir('blockwise-cache-writer-')))
afterEach(() => cleanup())

const shape: [number, number, number] = [4, 3, 2]
const px = 4 * 3 * 2

function folder(id: string): string {
  const dir = cacheDir(home, id)
  mkdirSync(dir, { recursive: true })
  return dir
}

describe('CacheWriter', () => {
  it('writes uint16 labels past 256 classes, readable back, with the hash a re-read computes', async () => {
    const classes = Array.from({ length: 300 }, (_, i) => `c${i}`)
    const writer = await CacheWriter.open(folder('wide'), { shape, classes })
    const train = syntheticImages(5, 4, 6)
    // Appended in two pieces: the statistics and hashes run across appends.
    await writer.images('train', train.subarray(0, 2 * px))
    await writer.images('train', train.subarray(2 * px))
    await writer.labels('train', [0, 299, 256, 1, 299])
    await writer.images('test', syntheticImages(2, 4, 6))
    await writer.labels('test', [255, 7])
    const written = await writer.finish()
    expect(written.labelBytes).toBe(2)
    expect(written.counts).toEqual({ train: 5, test: 2 })
    expect(written.classCounts[299]).toBe(2)
    expect(written.classCounts.reduce((a, b) => a + b)).toBe(7)
    const meta = cacheMeta('wide', 'Wide', { shape, classes }, written)
    const split = await readSplit(home, meta, 'train')
    expect([...split.labels]).toEqual([0, 299, 256, 1, 299])
    expect(Buffer.from(split.images).equals(Buffer.from(train))).toBe(true)
    expect(readdirSync(cacheDir(home, 'wide')).sort()).toEqual([
      'test-images.u8',
      'test-labels.u16',
      'train-images.u8',
      'train-labels.u16',
    ])
    expect(await hashCacheFolder(home, meta)).toBe(written.dataHash)
  })

  it('computes per-channel mean and std over the train split only', async () => {
    const writer = await CacheWriter.open(folder('stats'), { shape: [1, 2, 2], classes: ['a'] })
    await writer.images('train', Uint8Array.from([0, 10, 100, 10]))
    await writer.images('test', Uint8Array.from([255, 255, 255, 255]))
    await writer.labels('train', [0])
    await writer.labels('test', [0])
    const { mean, std } = await writer.finish()
    expect(mean).toEqual([50, 10])
    expect(std).toEqual([50, 0])
  })

  it('refuses partial images, labels outside the classes, and images without labels', async () => {
    const writer = await CacheWriter.open(folder('bad'), { shape, classes: ['a', 'b'] })
    await expect(writer.images('train', new Uint8Array(px + 1))).rejects.toThrow(
      /not a whole number of 24-byte images/,
    )
    await expect(writer.labels('train', [2])).rejects.toThrow(/label 2 is outside the 2 classes/)
    await writer.images('train', new Uint8Array(2 * px))
    await writer.labels('train', [1])
    await expect(writer.finish()).rejects.toThrow(/2 images but 1 labels/)
  })

  it('writeCache: the same data gives the same hash, other class names another', async () => {
    const split = (n: number) => ({
      images: syntheticImages(n, 4, 6),
      labels: Uint8Array.from({ length: n }, (_, i) => i % 2),
      count: n,
    })
    const decoded = {
      format: 'idx' as const,
      shape,
      classes: ['a', 'b'],
      train: split(6),
      test: split(2),
      sourcePath: '/nowhere',
      contentHash: 'x',
      splitSeed: null,
      skipped: [],
    }
    const one = await writeCache(home, 'one', 'One', decoded)
    const two = await writeCache(home, 'two', 'Two', decoded)
    const other = await writeCache(home, 'three', 'Three', { ...decoded, classes: ['b', 'a'] })
    const [h1, h2, h3] = await Promise.all([one, two, other].map((m) => hashCacheFolder(home, m)))
    expect(h1).toBe(h2)
    expect(h3).not.toBe(h1)
  })
})
