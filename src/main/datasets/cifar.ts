import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { withBytes } from './byteStream'
import { CacheWriter, type SplitName } from './cacheWriter'
import { CIFAR10_CLASSES, nameLines, numbered } from './classNames'
import { checkAborted, DatasetError } from './errors'
import type { Built, DecodeContext, StreamTuning } from './types'

type CifarVariant = 'cifar10' | 'cifar100'

/** The CIFAR record layout: 32×32 RGB, and per variant the label bytes and class count. */
export const CIFAR = {
  side: 32,
  pixels: 32 * 32 * 3,
  cifar10: { labelBytes: 1, classCount: 10, title: 'CIFAR-10' },
  cifar100: { labelBytes: 2, classCount: 100, title: 'CIFAR-100' },
} as const

/** Bytes of records read at once (the cache writer gathers its writes to 4 MB). */
const CHUNK_BYTES = 1 << 20

interface CifarFiles {
  dir: string
  variant: CifarVariant
  train: string[]
  test: string[]
}

/** CIFAR-10 (`data_batch_N.bin`, `test_batch.bin`) or CIFAR-100 (`train.bin`, `test.bin`) in a folder. */
export async function findCifarFiles(path: string): Promise<CifarFiles | null> {
  const isDir = (await stat(path)).isDirectory()
  const dir = isDir ? path : dirname(path)
  const names = (await readdir(dir)).sort()
  const pick = (re: RegExp): string[] =>
    names.filter((n) => re.test(n) && (isDir || join(dir, n) === path)).map((n) => join(dir, n))
  const train10 = pick(/^data_batch_\d+\.bin$/)
  const test10 = pick(/^test_batch\.bin$/)
  if (train10.length + test10.length > 0)
    return { dir, variant: 'cifar10', train: train10, test: test10 }
  const train100 = pick(/^train\.bin$/)
  const test100 = pick(/^test\.bin$/)
  if (train100.length + test100.length > 0)
    return { dir, variant: 'cifar100', train: train100, test: test100 }
  return null
}

/**
 * Imports CIFAR binary batches into the cache files in `staging`, a few MB of records at a time:
 * per record the label byte(s) (CIFAR-100: coarse, then fine), then 1024 R, 1024 G and 1024 B
 * values, stored as HWC. Every batch's length is checked before anything is written; a label
 * out of range fails the import at the record that holds it.
 */
export async function importCifar(
  path: string,
  staging: string,
  ctx: DecodeContext = {},
  tuning: StreamTuning = {},
): Promise<Built> {
  const files = await findCifarFiles(path)
  if (!files) {
    throw new DatasetError(
      'datasets/unknown-format',
      `${path}: no CIFAR batches found (data_batch_1.bin … test_batch.bin, or train.bin and test.bin).`,
    )
  }
  if (files.train.length === 0)
    throw new DatasetError(
      'datasets/empty',
      `${files.dir}: CIFAR test batch found but no training batches.`,
    )
  const { labelBytes, classCount, title } = CIFAR[files.variant]
  const record = labelBytes + CIFAR.pixels
  const batches: { split: SplitName; file: string; records: number }[] = []
  for (const [split, list] of [
    ['train', files.train],
    ['test', files.test],
  ] as const) {
    for (const file of list) {
      checkAborted(ctx.signal)
      ctx.onProgress?.({
        phase: 'reading',
        done: batches.length,
        total: files.train.length + files.test.length,
        message: basename(file),
      })
      const { size } = await stat(file)
      if (size === 0 || size % record !== 0) {
        throw new DatasetError(
          'datasets/bad-file',
          `${basename(file)}: ${size} bytes is not a whole number of ${title} records of ${record} bytes (truncated or not a CIFAR batch).`,
        )
      }
      batches.push({ split, file, records: size / record })
    }
  }
  const classes = await cifarClassNames(files.dir, files.variant)
  const shape: [number, number, number] = [CIFAR.side, CIFAR.side, 3]
  const writer = await CacheWriter.open(staging, { shape, classes })
  try {
    const source = createHash('sha256')
    const total = batches.reduce((n, b) => n + b.records, 0)
    const per = Math.max(1, Math.floor((tuning.chunkBytes ?? CHUNK_BYTES) / record))
    const buf = new Uint8Array(per * record)
    const images = new Uint8Array(per * CIFAR.pixels)
    const labels = { train: [] as Uint8Array[], test: [] as Uint8Array[] }
    let done = 0
    for (const batch of batches) {
      const label = basename(batch.file)
      const batchLabels = new Uint8Array(batch.records)
      labels[batch.split].push(batchLabels)
      await withBytes(batch.file, { raw: true, onRaw: (c) => source.update(c) }, async (reader) => {
        for (let first = 0; first < batch.records; first += per) {
          checkAborted(ctx.signal)
          const n = Math.min(per, batch.records - first)
          if ((await reader.fill(buf.subarray(0, n * record))) < n * record) throw changed(label)
          for (let r = 0; r < n; r++) {
            const value = buf[r * record + labelBytes - 1]!
            if (value >= classCount) {
              throw new DatasetError(
                'datasets/bad-file',
                `${label}: record ${first + r} has label ${value}, but ${files.variant} has ${classCount} classes.`,
              )
            }
            batchLabels[first + r] = value
          }
          planesToPixels(buf, images, n, labelBytes)
          await writer.images(batch.split, images.subarray(0, n * CIFAR.pixels))
          done += n
          ctx.onProgress?.({ phase: 'writing', done, total, message: label })
        }
        if ((await reader.drain()) > 0) throw changed(label)
      })
    }
    for (const split of ['train', 'test'] as const)
      for (const part of labels[split]) await writer.labels(split, part)
    return {
      info: {
        format: files.variant,
        shape,
        classes,
        sourcePath: files.dir,
        contentHash: source.digest('hex'),
        splitSeed: null,
        skipped: [],
      },
      written: await writer.finish(),
    }
  } finally {
    await writer.close()
  }
}

const changed = (label: string): DatasetError =>
  new DatasetError('datasets/bad-file', `${label} changed while it was being imported.`)

/** Turns `n` records (label bytes, then the R, G and B planes) into HWC images. */
function planesToPixels(records: Uint8Array, out: Uint8Array, n: number, labelBytes: number): void {
  const plane = CIFAR.side * CIFAR.side
  const record = labelBytes + CIFAR.pixels
  for (let r = 0; r < n; r++) {
    const src = r * record + labelBytes
    const dst = r * CIFAR.pixels
    for (let p = 0; p < plane; p++) {
      out[dst + p * 3] = records[src + p]!
      out[dst + p * 3 + 1] = records[src + plane + p]!
      out[dst + p * 3 + 2] = records[src + 2 * plane + p]!
    }
  }
}

/** The class names from batches.meta.txt or fine_label_names.txt, else the usual ones. */
export async function cifarClassNames(dir: string, variant: CifarVariant): Promise<string[]> {
  const count = CIFAR[variant].classCount
  const file = variant === 'cifar10' ? 'batches.meta.txt' : 'fine_label_names.txt'
  try {
    const names = nameLines(await readFile(join(dir, file), 'utf8'))
    if (names.length >= count) return names.slice(0, count)
  } catch {
    // No names file: fall back below.
  }
  return variant === 'cifar10' ? [...CIFAR10_CLASSES] : numbered(count)
}
