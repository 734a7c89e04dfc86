import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CIFAR10_CLASSES, nameLines, numbered } from './classNames'
import { checkAborted, DatasetError } from './errors'
import type { DecodeContext, Decoded, Split } from './types'

const SIDE = 32
const PLANE = SIDE * SIDE
const PIXELS = PLANE * 3

interface CifarFiles {
  dir: string
  variant: 'cifar10' | 'cifar100'
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

/** Decodes CIFAR binary batches: per record, the label byte(s) then 1024 R, 1024 G, 1024 B values. */
export async function decodeCifar(path: string, ctx: DecodeContext = {}): Promise<Decoded> {
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
  const labelBytes = files.variant === 'cifar10' ? 1 : 2
  const record = labelBytes + PIXELS
  const classCount = files.variant === 'cifar10' ? 10 : 100
  const hash = createHash('sha256')
  const all = [...files.train, ...files.test]
  let done = 0
  const decode = async (list: string[]): Promise<Split> => {
    const buffers: Buffer[] = []
    for (const file of list) {
      checkAborted(ctx.signal)
      ctx.onProgress?.({ phase: 'reading', done, total: all.length, message: basename(file) })
      const buf = await readFile(file)
      if (buf.length === 0 || buf.length % record !== 0) {
        throw new DatasetError(
          'datasets/bad-file',
          `${basename(file)}: ${buf.length} bytes is not a whole number of ${files.variant === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100'} records of ${record} bytes (truncated or not a CIFAR batch).`,
        )
      }
      hash.update(buf)
      buffers.push(buf)
      done++
    }
    const count = buffers.reduce((n, b) => n + b.length / record, 0)
    const images = new Uint8Array(count * PIXELS)
    const labels = new Uint8Array(count)
    let n = 0
    for (const [b, buf] of buffers.entries()) {
      for (let r = 0; r < buf.length; r += record, n++) {
        const label = buf[r + labelBytes - 1]! // CIFAR-100: coarse label first, then fine
        if (label >= classCount) {
          throw new DatasetError(
            'datasets/bad-file',
            `${basename(list[b]!)}: record ${r / record} has label ${label}, but ${files.variant} has ${classCount} classes.`,
          )
        }
        labels[n] = label
        const src = r + labelBytes
        const dst = n * PIXELS
        for (let p = 0; p < PLANE; p++) {
          images[dst + p * 3] = buf[src + p]!
          images[dst + p * 3 + 1] = buf[src + PLANE + p]!
          images[dst + p * 3 + 2] = buf[src + 2 * PLANE + p]!
        }
      }
    }
    return { images, labels, count }
  }
  const train = await decode(files.train)
  const test = await decode(files.test)
  return {
    format: files.variant,
    shape: [SIDE, SIDE, 3],
    classes: await classNames(files.dir, files.variant, classCount),
    train,
    test,
    sourcePath: files.dir,
    contentHash: hash.digest('hex'),
    splitSeed: null,
    skipped: [],
  }
}

async function classNames(
  dir: string,
  variant: 'cifar10' | 'cifar100',
  count: number,
): Promise<string[]> {
  const file = variant === 'cifar10' ? 'batches.meta.txt' : 'fine_label_names.txt'
  try {
    const names = nameLines(await readFile(join(dir, file), 'utf8'))
    if (names.length >= count) return names.slice(0, count)
  } catch {
    // No names file: fall back below.
  }
  return variant === 'cifar10' ? [...CIFAR10_CLASSES] : numbered(count)
}
