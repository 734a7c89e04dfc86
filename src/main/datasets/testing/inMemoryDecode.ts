/**
 * The IDX and CIFAR decoders as they were before imports streamed: each reads whole files and
 * builds both splits in memory. Kept as the reference the streaming importers are compared
 * with (streamImport.test.ts) and as the "before" of bench/datasetImport.bench.ts; the app
 * does not use them.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { CIFAR, cifarClassNames, findCifarFiles } from '../cifar'
import { checkAborted, DatasetError } from '../errors'
import { pairIdx, parseIdx, type IdxPair } from '../idx'
import { findIdxFiles, idxClassNames, type IdxOptions } from '../idxImport'
import { holdOut } from '../split'
import type { DecodeContext, Decoded, Split } from '../types'

const gunzipAsync = promisify(gunzip)

/** Reads a file, un-gzipping it when it starts with the gzip magic (1f 8b). */
export async function readMaybeGzip(path: string): Promise<Buffer> {
  const raw = await readFile(path)
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return await gunzipAsync(raw)
    } catch (error) {
      throw new DatasetError(
        'datasets/bad-file',
        `${basename(path)}: the gzip data is damaged or cut short (${(error as Error).message}).`,
      )
    }
  }
  return raw
}

/** Decodes an IDX dataset folder in memory; a missing test pair is replaced by a held-out split. */
export async function decodeIdxInMemory(
  path: string,
  opts: IdxOptions,
  ctx: DecodeContext = {},
): Promise<Decoded> {
  const files = await findIdxFiles(path)
  if (!files) throw new DatasetError('datasets/unknown-format', `${path}: no IDX pair found.`)
  const hash = createHash('sha256')
  const read = async (file: string): Promise<Buffer> => {
    checkAborted(ctx.signal)
    hash.update(await readFile(file))
    return readMaybeGzip(file)
  }
  const emnist = /emnist/i.test(basename(files.trainImages))
  const pair = async (images: string, labels: string): Promise<IdxPair> => {
    const names = { images: basename(images), labels: basename(labels) }
    const img = parseIdx(await read(images), names.images)
    const lab = parseIdx(await read(labels), names.labels)
    return pairIdx(img, lab, names, emnist)
  }
  const train = await pair(files.trainImages, files.trainLabels)
  const test =
    files.testImages && files.testLabels ? await pair(files.testImages, files.testLabels) : null
  if (test && test.shape.join() !== train.shape.join())
    throw new DatasetError('datasets/mismatch', 'Train and test images differ in shape.')
  let maxLabel = 0
  for (const l of train.labels) if (l > maxLabel) maxLabel = l
  if (test) for (const l of test.labels) if (l > maxLabel) maxLabel = l
  const classes = await idxClassNames(files.dir, maxLabel + 1, opts.nameHint)
  const pixels = train.shape[0] * train.shape[1] * train.shape[2]
  let trainSplit: Split = { images: train.images, labels: train.labels, count: train.count }
  let testSplit: Split | null = test
    ? { images: test.images, labels: test.labels, count: test.count }
    : null
  if (!testSplit) {
    const parts = holdOut(trainSplit, opts.testFraction, opts.seed, pixels)
    trainSplit = parts.keep
    testSplit = parts.held
  }
  return {
    format: 'idx',
    shape: train.shape,
    classes,
    train: trainSplit,
    test: testSplit,
    sourcePath: files.dir,
    contentHash: hash.digest('hex'),
    splitSeed: test ? null : opts.seed,
    skipped: [],
  }
}

/** Decodes CIFAR binary batches in memory: per record the label byte(s), then R, G, B planes. */
export async function decodeCifarInMemory(path: string): Promise<Decoded> {
  const files = await findCifarFiles(path)
  if (!files) throw new DatasetError('datasets/unknown-format', `${path}: no CIFAR batches.`)
  const { labelBytes, classCount } = CIFAR[files.variant]
  const record = labelBytes + CIFAR.pixels
  const plane = CIFAR.side * CIFAR.side
  const hash = createHash('sha256')
  const decode = async (list: string[]): Promise<Split> => {
    const buffers: Buffer[] = []
    for (const file of list) {
      const buf = await readFile(file)
      if (buf.length === 0 || buf.length % record !== 0)
        throw new DatasetError('datasets/bad-file', `${basename(file)}: not whole records.`)
      hash.update(buf)
      buffers.push(buf)
    }
    const count = buffers.reduce((n, b) => n + b.length / record, 0)
    const images = new Uint8Array(count * CIFAR.pixels)
    const labels = new Uint8Array(count)
    let n = 0
    for (const buf of buffers) {
      for (let r = 0; r < buf.length; r += record, n++) {
        const label = buf[r + labelBytes - 1]!
        if (label >= classCount)
          throw new DatasetError('datasets/bad-file', `record ${r / record} has label ${label}.`)
        labels[n] = label
        const src = r + labelBytes
        const dst = n * CIFAR.pixels
        for (let p = 0; p < plane; p++) {
          images[dst + p * 3] = buf[src + p]!
          images[dst + p * 3 + 1] = buf[src + plane + p]!
          images[dst + p * 3 + 2] = buf[src + 2 * plane + p]!
        }
      }
    }
    return { images, labels, count }
  }
  const train = await decode(files.train)
  const test = await decode(files.test)
  return {
    format: files.variant,
    shape: [CIFAR.side, CIFAR.side, 3],
    classes: await cifarClassNames(files.dir, files.variant),
    train,
    test,
    sourcePath: files.dir,
    contentHash: hash.digest('hex'),
    splitSeed: null,
    skipped: [],
  }
}
