/**
 * Small IDX and CIFAR sources whose cache files are pinned (sha256) in streamImport.test.ts:
 * every layout the importers handle, each with a fixed name and seed so meta.json is fixed too.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { ImportOptions } from '../importer'
import { idxBytes, writeIdxFolder } from './fixtures'

export interface GoldenSource {
  /** Also the dataset's name. */
  name: string
  options: Omit<ImportOptions, 'path'>
  /** Writes the source under `root` and returns its path. */
  write(root: string): string
}

/** `count` CIFAR records: label byte(s), then R, G and B planes of a pattern that depends on n. */
export function cifarBatch(
  count: number,
  labelBytes: 1 | 2,
  labelOf: (n: number) => number,
): Buffer {
  const record = labelBytes + 3072
  const out = Buffer.alloc(count * record)
  for (let n = 0; n < count; n++) {
    const base = n * record
    if (labelBytes === 2) out[base] = labelOf(n) % 20 // coarse label, ignored
    out[base + labelBytes - 1] = labelOf(n)
    for (let p = 0; p < 3072; p++) out[base + labelBytes + p] = (n * 31 + p * 7 + (p >> 10)) % 256
  }
  return out
}

const gzipAll = (dir: string): void => {
  for (const f of [
    'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte',
    't10k-images-idx3-ubyte',
    't10k-labels-idx1-ubyte',
  ]) {
    writeFileSync(join(dir, `${f}.gz`), gzipSync(readFileSync(join(dir, f)), { level: 6 }))
    rmSync(join(dir, f))
  }
}

export const GOLDEN_SOURCES: GoldenSource[] = [
  {
    name: 'idx-pairs',
    options: {},
    write: (root) => {
      const dir = join(root, 'idx-pairs')
      writeIdxFolder(dir, { train: 50, test: 9, h: 6, w: 5, classes: 3 })
      return dir
    },
  },
  {
    name: 'idx-held-out',
    options: { seed: 5, testFraction: 0.2 },
    write: (root) => {
      const dir = join(root, 'idx-held-out')
      writeIdxFolder(dir, { train: 61, test: 0, h: 4, w: 7, classes: 4, skipTest: true })
      return dir
    },
  },
  {
    name: 'idx-gzip',
    options: {},
    write: (root) => {
      const dir = join(root, 'idx-gzip')
      writeIdxFolder(dir, { train: 40, test: 12, h: 5, w: 5, classes: 10 })
      gzipAll(dir)
      return dir
    },
  },
  {
    name: 'emnist-rgb',
    options: {},
    write: (root) => {
      // EMNIST names (so images are transposed) with a channel dimension and a mapping file.
      const dir = join(root, 'emnist-rgb')
      mkdirSync(dir, { recursive: true })
      const px = (n: number, len: number): number[] =>
        Array.from({ length: n * len }, (_, i) => (i * 13 + 5) % 256)
      const write = (split: string, n: number): void => {
        writeFileSync(
          join(dir, `emnist-x-${split}-images-idx3-ubyte`),
          idxBytes([n, 4, 3, 3], px(n, 36)),
        )
        writeFileSync(
          join(dir, `emnist-x-${split}-labels-idx1-ubyte`),
          idxBytes(
            [n],
            Array.from({ length: n }, (_, i) => (i * 5) % 3),
          ),
        )
      }
      write('train', 7)
      write('test', 3)
      writeFileSync(join(dir, 'emnist-x-mapping.txt'), '0 48\n1 65\n2 66\n')
      return dir
    },
  },
  {
    name: 'cifar-10',
    options: {},
    write: (root) => {
      const dir = join(root, 'cifar-10-batches-bin')
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        join(dir, 'data_batch_1.bin'),
        cifarBatch(7, 1, (n) => n % 10),
      )
      writeFileSync(
        join(dir, 'data_batch_2.bin'),
        cifarBatch(5, 1, (n) => (n * 3) % 10),
      )
      writeFileSync(
        join(dir, 'test_batch.bin'),
        cifarBatch(4, 1, (n) => 9 - n),
      )
      return dir
    },
  },
  {
    name: 'cifar-100',
    options: {},
    write: (root) => {
      const dir = join(root, 'cifar-100-binary')
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        join(dir, 'train.bin'),
        cifarBatch(6, 2, (n) => n * 17 + 2),
      )
      writeFileSync(
        join(dir, 'test.bin'),
        cifarBatch(3, 2, (n) => 99 - n),
      )
      return dir
    },
  },
]
