/**
 * The image-folder importer streams decoded pixels through a staging file into the cache. It
 * must write exactly what the in-memory importer wrote before it, and leave nothing behind when
 * it is cancelled or fails at any phase.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { importDataset } from '.'
import type { ImportPhase } from './types'
import { expectNothingLeft } from './testing/leftovers'
import { solid, writeImageFolder } from './testing/fixtures'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

/**
 * sha256 of every cache file as the in-memory importer (before streaming, commit 9ae24cc) wrote
 * them for `goldenFolder` with seed 5 and test fraction 0.3 (sharp 0.34's decoders and resizer).
 */
const BEFORE = {
  rgb: {
    'meta.json': 'b1029518353bc10e8916964b3ca04ee8283acdc2528fef5db3f39832b8453290',
    'test-images.u8': '88f74cfe5480a49fb5c5fc0e55a5de5b4e99ebf37cc81f5f3c7cb12d173e6089',
    'test-labels.u8': '65b5217afb418b86e6d1c868d1d96cfc61f29d50f1ab829062bc0b44e10967c1',
    'train-images.u8': 'e71f74a117ac31c3bc29d501a3fad7b205c0ac284ee710505a3d244e751ed555',
    'train-labels.u8': 'cf60e6aec23e6250005ccf715dce8b5b5ea2a657a9c9c34bcfe8e970538f6dd5',
  },
  gray: {
    'meta.json': 'afa1044d3cc5b861c515e78d03b6711fa119571405f68e67e3ff60aaf44aec76',
    'test-images.u8': 'a410a05253fc8e0e96563b734ea6d2a940a9e0e46bbd52da0650d3b053fd94ec',
    'test-labels.u8': '65b5217afb418b86e6d1c868d1d96cfc61f29d50f1ab829062bc0b44e10967c1',
    'train-images.u8': 'cf4d01d2b756e8f72c03d973107b2d75c2a8659f8f3f9314f1f2e2e0eaf6cbb3',
    'train-labels.u8': 'cf60e6aec23e6250005ccf715dce8b5b5ea2a657a9c9c34bcfe8e970538f6dd5',
  },
}
const SOURCE_HASH_BEFORE = 'cb437fd0a3b30ef0771afd5ecd155643dc168461c93f04909a85166bed3e27b6'

/** Three classes of seven PNG/JPEG/WebP images each, plus one damaged file. */
async function goldenFolder(): Promise<string> {
  const src = join(home, 'golden')
  await writeImageFolder(
    src,
    { blue: [20, 40, 220], green: [30, 200, 60], red: [220, 20, 20] },
    7,
    14,
  )
  writeFileSync(join(src, 'red', 'broken.png'), 'not a png')
  return src
}

const digests = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  )

describe('streaming image-folder import', () => {
  it('writes the same bytes as the in-memory importer did, RGB and grayscale', async () => {
    const src = await goldenFolder()
    const common = { path: src, seed: 5, testFraction: 0.3, allowDuplicate: true }
    const rgb = await importDataset(store, home, { ...common, name: 'rgb', size: 9 })
    const gray = await importDataset(store, home, {
      ...common,
      name: 'gray',
      size: 6,
      grayscale: true,
    })
    expect(digests(rgb.dataset.cacheDir)).toEqual(BEFORE.rgb)
    expect(digests(gray.dataset.cacheDir)).toEqual(BEFORE.gray)
    expect(rgb.dataset.contentHash).toBe(SOURCE_HASH_BEFORE)
    expect(rgb.skipped.map((s) => s.path)).toEqual([join('red', 'broken.png')])
    expect(rgb.dataset.classCounts).toEqual([7, 7, 7])
    expect(rgb.dataset.dataHash).toMatch(/^[0-9a-f]{64}$/)
    expect(gray.dataset.dataHash).not.toBe(rgb.dataset.dataHash)
  })

  it('spans many read-back chunks when images are large, keeping order and split', async () => {
    // 96×96×3 = 27,648 bytes per image: 151 per 4 MB chunk, so 400 images take three sweeps.
    const src = join(home, 'many')
    for (const [cls, rgb] of [
      ['dark', [10, 10, 10]],
      ['light', [240, 240, 240]],
    ] as const) {
      const png = await solid(96, 96, [...rgb])
        .png()
        .toBuffer()
      mkdirSync(join(src, cls), { recursive: true })
      for (let i = 0; i < 200; i++) writeFileSync(join(src, cls, `${i}.png`), png)
    }
    writeFileSync(join(src, 'dark', '150.png'), 'damaged') // a hole in the staging file
    const { dataset } = await importDataset(store, home, { path: src, size: 96, seed: 1 })
    expect(dataset.counts).toEqual({ train: 319, test: 80 })
    const train = readFileSync(join(dataset.cacheDir, 'train-images.u8'))
    const labels = readFileSync(join(dataset.cacheDir, 'train-labels.u8'))
    const px = 96 * 96 * 3
    for (let i = 0; i < dataset.counts.train; i++) {
      // Every image's first and last byte match its label's colour: no shifted or torn image.
      const want = labels[i] === 0 ? 10 : 240
      expect([train[i * px], train[(i + 1) * px - 1]]).toEqual([want, want])
    }
  })

  it.each<ImportPhase>(['scanning', 'decoding', 'writing'])(
    'a cancel during %s leaves no row and no files',
    async (phase) => {
      const src = await goldenFolder()
      const controller = new AbortController()
      const seen: string[] = []
      await expect(
        importDataset(
          store,
          home,
          { path: src, size: 8 },
          {
            signal: controller.signal,
            onProgress: (p) => {
              seen.push(p.phase)
              if (p.phase === phase) controller.abort()
            },
          },
        ),
      ).rejects.toMatchObject({ code: 'datasets/cancelled' })
      expect(seen).toContain(phase)
      expectNothingLeft(store, home)
    },
  )

  it('removes the temp folders of imports whose process died, and only those', async () => {
    const root = join(home, 'datasets')
    const dead = join(root, '.tmp-import-2147483646-0badcafe') // no such process
    const live = join(root, `.tmp-import-${process.pid}-0c0ffee0`) // an import running here
    for (const dir of [dead, live]) {
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'decoded.staging'), Buffer.alloc(1024))
    }
    const src = join(home, 'after-crash')
    await writeImageFolder(src, { a: [10, 10, 10], b: [90, 90, 90] }, 3)
    const { dataset } = await importDataset(store, home, { path: src })
    expect(readdirSync(root).sort()).toEqual([basename(live), dataset.id].sort())
  })

  it('a folder whose images all fail in one class fails after decoding and leaves nothing', async () => {
    const src = join(home, 'one-good-class')
    await writeImageFolder(src, { good: [200, 10, 10] }, 4)
    mkdirSync(join(src, 'bad'))
    writeFileSync(join(src, 'bad', 'a.png'), 'no')
    writeFileSync(join(src, 'bad', 'b.jpg'), 'no')
    await expect(importDataset(store, home, { path: src })).rejects.toMatchObject({
      code: 'datasets/empty',
      message: expect.stringMatching(/at least two classes/),
    })
    expectNothingLeft(store, home)
  })
})
