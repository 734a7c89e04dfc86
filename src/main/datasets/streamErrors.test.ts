/**
 * Bad IDX and CIFAR sources refused by the streaming importers: errors found in the headers
 * come before anything is written; errors found only late in the stream (a gzip cut short near
 * its end, a label out of range in the last record) come after images were written to the
 * staging folder. Either way: the clear message, no row, no files.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { importDataset } from '.'
import type { ImportPhase, ImportProgress } from './types'
import { idxBytes, syntheticImages, writeIdxFolder } from './testing/fixtures'
import { cifarBatch } from './testing/goldenSources'
import { expectNothingLeft } from './testing/leftovers'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

const IDX_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
]

/** An MNIST-layout folder of 6×5 images (50 train, 9 test), every file gzip'd. */
function gzipFolder(): string {
  const src = join(home, 'gz')
  writeIdxFolder(src, { train: 50, test: 9 })
  for (const f of IDX_FILES) {
    writeFileSync(join(src, `${f}.gz`), gzipSync(readFileSync(join(src, f))))
    rmSync(join(src, f))
  }
  return src
}

/** Imports `path`, expecting `message`; returns the progress seen, and checks nothing is left. */
async function refused(path: string, message: RegExp): Promise<ImportProgress[]> {
  const seen: ImportProgress[] = []
  await expect(
    importDataset(store, home, { path, name: 'bad' }, { onProgress: (p) => seen.push(p) }),
  ).rejects.toThrow(message)
  expectNothingLeft(store, home)
  return seen
}

const wrote = (seen: ImportProgress[]): number =>
  Math.max(0, ...seen.filter((p) => p.phase === 'writing').map((p) => p.done))

describe('IDX errors found late in the stream', () => {
  it('a train-images gzip cut short near its end: written images are removed', async () => {
    const src = gzipFolder()
    const file = join(src, 'train-images-idx3-ubyte.gz')
    const gz = readFileSync(file)
    writeFileSync(file, gz.subarray(0, gz.length - 5)) // inside the CRC and length trailer
    const seen = await refused(
      src,
      /train-images-idx3-ubyte\.gz: the gzip data is damaged or cut short/,
    )
    expect(seen.some((p) => p.phase === 'writing')).toBe(true)
  })

  it('a sound gzip of a test-images file missing its last byte', async () => {
    const src = gzipFolder()
    const whole = idxBytes([9, 6, 5], syntheticImages(9, 6, 5))
    writeFileSync(
      join(src, 't10k-images-idx3-ubyte.gz'),
      gzipSync(whole.subarray(0, whole.length - 1)),
    )
    const seen = await refused(
      src,
      /t10k-images-idx3-ubyte\.gz: truncated — the header announces 9×6×5 values \(286 bytes\) but the file has 285\./,
    )
    expect(wrote(seen)).toBe(50) // the train images were in the staging folder
  })

  it('a gzip’d test-images file with bytes after its values, found after every image is written', async () => {
    const src = gzipFolder()
    const extra = Buffer.concat([idxBytes([9, 6, 5], syntheticImages(9, 6, 5)), Buffer.alloc(3)])
    writeFileSync(join(src, 't10k-images-idx3-ubyte.gz'), gzipSync(extra))
    const seen = await refused(src, /3 unexpected bytes after the 9×6×5 values/)
    expect(wrote(seen)).toBe(59)
  })
})

describe('IDX errors found in the headers, before anything is written', () => {
  it.each<[string, (src: string) => void, RegExp]>([
    [
      'a truncated images file (its length on disk)',
      (src) =>
        writeFileSync(
          join(src, 't10k-images-idx3-ubyte'),
          idxBytes([9, 6, 5], new Uint8Array(200)),
        ),
      /t10k-images-idx3-ubyte: truncated — the header announces 9×6×5 values \(286 bytes\) but the file has 216\./,
    ],
    [
      'a wrong magic',
      (src) =>
        writeFileSync(
          join(src, 'train-images-idx3-ubyte'),
          Buffer.from('%PDF-1.4 not an idx file'),
        ),
      /train-images-idx3-ubyte: not an IDX file \(magic 25 50 44 46/,
    ],
    [
      'labels that do not match the images in number',
      (src) => writeFileSync(join(src, 't10k-labels-idx1-ubyte'), idxBytes([8], new Uint8Array(8))),
      /t10k-images-idx3-ubyte holds 9 images but t10k-labels-idx1-ubyte holds 8 labels/,
    ],
    [
      'a labels file longer than its header says',
      (src) =>
        writeFileSync(
          join(src, 'train-labels-idx1-ubyte'),
          Buffer.concat([idxBytes([50], new Uint8Array(50)), Buffer.alloc(4)]),
        ),
      /train-labels-idx1-ubyte: 4 unexpected bytes after the 50 values/,
    ],
    [
      'test images of another size',
      (src) => {
        writeFileSync(
          join(src, 't10k-images-idx3-ubyte'),
          idxBytes([9, 5, 6], syntheticImages(9, 5, 6)),
        )
      },
      /Train images are 6×5×1 but test images are 5×6×1/,
    ],
    [
      'no images',
      (src) => {
        writeFileSync(join(src, 'train-images-idx3-ubyte'), idxBytes([0, 6, 5], []))
        writeFileSync(join(src, 'train-labels-idx1-ubyte'), idxBytes([0], []))
      },
      /train-images-idx3-ubyte holds no images/,
    ],
  ])('%s', async (_name, damage, message) => {
    const src = join(home, 'plain')
    writeIdxFolder(src, { train: 50, test: 9 })
    damage(src)
    const seen = await refused(src, message)
    expect(seen.filter((p) => p.phase === 'writing')).toEqual([])
  })

  it('a gzip’d header announcing one image of 65,536×65,536 values: refused before reading it', async () => {
    const src = gzipFolder()
    writeFileSync(
      join(src, 'train-images-idx3-ubyte.gz'),
      gzipSync(idxBytes([50, 65_536, 65_536], new Uint8Array(100))),
    )
    const seen = await refused(src, /images of 65536×65536×1 values are too large to train on/)
    expect(seen.filter((p) => p.phase === 'writing')).toEqual([])
  })

  it('a gzip’d file that is not IDX, and gzip’d labels of the wrong count', async () => {
    const src = gzipFolder()
    writeFileSync(
      join(src, 'train-images-idx3-ubyte.gz'),
      gzipSync(Buffer.from('PK\x03\x04 a zip')),
    )
    await refused(src, /train-images-idx3-ubyte\.gz: not an IDX file \(magic 50 4b 03 04/)
    const again = gzipFolder()
    writeFileSync(
      join(again, 't10k-labels-idx1-ubyte.gz'),
      gzipSync(idxBytes([10], new Uint8Array(10))),
    )
    await refused(again, /holds 9 images but t10k-labels-idx1-ubyte\.gz holds 10 labels/)
  })
})

/** A CIFAR-10 folder: two train batches of 6 and a test batch of 4. */
function cifar10(dir = join(home, 'c10')): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'data_batch_1.bin'),
    cifarBatch(6, 1, (n) => n),
  )
  writeFileSync(
    join(dir, 'data_batch_2.bin'),
    cifarBatch(6, 1, (n) => 9 - n),
  )
  writeFileSync(
    join(dir, 'test_batch.bin'),
    cifarBatch(4, 1, (n) => n * 2),
  )
  return dir
}

describe('CIFAR errors', () => {
  it('a label out of range in the last record of the last batch: written images are removed', async () => {
    const dir = cifar10()
    writeFileSync(
      join(dir, 'test_batch.bin'),
      cifarBatch(4, 1, (n) => (n === 3 ? 10 : n)),
    )
    const seen = await refused(
      dir,
      /test_batch\.bin: record 3 has label 10, but cifar10 has 10 classes/,
    )
    expect(wrote(seen)).toBe(12)
  })

  it('CIFAR-100 takes fine labels up to 99 and refuses 100', async () => {
    const dir = join(home, 'c100')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'train.bin'),
      cifarBatch(5, 2, (n) => 96 + n),
    )
    writeFileSync(
      join(dir, 'test.bin'),
      cifarBatch(2, 2, () => 0),
    )
    await refused(dir, /train\.bin: record 4 has label 100, but cifar100 has 100 classes/)
    writeFileSync(
      join(dir, 'train.bin'),
      cifarBatch(5, 2, (n) => 95 + n),
    )
    const { dataset } = await importDataset(store, home, { path: dir })
    expect(dataset.counts).toEqual({ train: 5, test: 2 })
  })

  it.each([
    [
      'one byte too many',
      (b: Buffer) => Buffer.concat([b, Buffer.alloc(1)]),
      /data_batch_2\.bin: 18439 bytes is not a whole number of CIFAR-10 records of 3073 bytes/,
    ],
    [
      'one byte short',
      (b: Buffer) => b.subarray(0, b.length - 1),
      /test_batch\.bin: 12291 bytes is not a whole number/,
    ],
  ])('a batch %s is refused before anything is written', async (name, damage, message) => {
    const dir = cifar10()
    const file = join(dir, name.includes('many') ? 'data_batch_2.bin' : 'test_batch.bin')
    writeFileSync(file, damage(readFileSync(file)))
    const seen = await refused(dir, message)
    expect(seen.filter((p) => p.phase === 'writing')).toEqual([])
  })
})

describe('cancelling a streaming import', () => {
  it.each<[string, ImportPhase]>([
    ['idx', 'reading'],
    ['idx', 'writing'],
    ['cifar', 'reading'],
    ['cifar', 'writing'],
  ])('%s, during %s, leaves no row and no files', async (format, phase) => {
    const src = format === 'idx' ? gzipFolder() : cifar10()
    const controller = new AbortController()
    const seen: string[] = []
    await expect(
      importDataset(
        store,
        home,
        { path: src },
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
    // Stopped at the first check after the abort, not at the end.
    expect(seen.filter((p) => p === phase)).toHaveLength(1)
    expectNothingLeft(store, home)
  })
})
