import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { withBytes } from './byteStream'
import { CacheWriter, type SplitName } from './cacheWriter'
import { FASHION_MNIST_CLASSES, nameLines, numbered } from './classNames'
import { checkAborted, DatasetError } from './errors'
import { checkIdxPair, transposeImages, type IdxPairDims } from './idx'
import {
  forEachImageRun,
  peekIdxHeader,
  readIdxHeaderOf,
  readIdxValues,
  type IdxHead,
} from './idxStream'
import { holdOutIndices } from './split'
import type { Built, DecodeContext, StreamTuning } from './types'

interface IdxFiles {
  dir: string
  trainImages: string
  trainLabels: string
  testImages?: string
  testLabels?: string
}

/** Finds the IDX files of a folder by their usual names (MNIST, Fashion-MNIST, EMNIST, KMNIST). */
export async function findIdxFiles(path: string): Promise<IdxFiles | null> {
  const dir = (await stat(path)).isDirectory() ? path : dirname(path)
  const found: Partial<
    Record<'trainImages' | 'trainLabels' | 'testImages' | 'testLabels', string>
  > = {}
  for (const name of (await readdir(dir)).sort()) {
    const n = name.toLowerCase().replace(/\.gz$/, '')
    const kind = /images|idx3/.test(n) ? 'Images' : /labels|idx1/.test(n) ? 'Labels' : null
    const split = /train/.test(n) ? 'train' : /t10k|test/.test(n) ? 'test' : null
    if (!kind || !split || !/idx\d|ubyte/.test(n)) continue
    found[`${split}${kind}`] ??= join(dir, name)
  }
  if (!found.trainImages || !found.trainLabels) return null
  return {
    dir,
    trainImages: found.trainImages,
    trainLabels: found.trainLabels,
    testImages: found.testImages,
    testLabels: found.testLabels,
  }
}

export interface IdxOptions {
  testFraction: number
  seed: number
  /** Used to recognise Fashion-MNIST when the folder carries no class names. */
  nameHint: string
}

/** Bytes of images read at once (the cache writer gathers its writes to 4 MB). */
const CHUNK_BYTES = 1 << 20

interface Source {
  split: SplitName
  images: string
  labels: string
}

interface PairPlan extends Source {
  head: IdxHead
  pair: IdxPairDims
  values: Uint8Array
}

/**
 * Imports an IDX dataset folder into the cache files in `staging`, in bounded memory: the
 * headers and labels are read and checked first (classes, and the seeded held-out split when
 * the folder has no test pair, come from the labels), then the images stream through the cache
 * writer a few MB at a time. The content hash covers the files as stored, in the order train
 * images, train labels, test images, test labels.
 */
export async function importIdx(
  path: string,
  opts: IdxOptions,
  staging: string,
  ctx: DecodeContext = {},
  tuning: StreamTuning = {},
): Promise<Built> {
  const files = await findIdxFiles(path)
  if (!files) {
    throw new DatasetError(
      'datasets/unknown-format',
      `${path}: no IDX pair found (expected files like train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally .gz).`,
    )
  }
  const emnist = /emnist/i.test(basename(files.trainImages))
  const sources: Source[] = [
    { split: 'train', images: files.trainImages, labels: files.trainLabels },
  ]
  if (files.testImages && files.testLabels)
    sources.push({ split: 'test', images: files.testImages, labels: files.testLabels })
  const plans = await readHeadersAndLabels(sources, emnist, ctx)
  const [train, test] = plans as [PairPlan, PairPlan?]
  const shape = train.pair.shape
  if (test && test.pair.shape.join() !== shape.join()) {
    throw new DatasetError(
      'datasets/mismatch',
      `Train images are ${shape.join('×')} but test images are ${test.pair.shape.join('×')}.`,
    )
  }
  checkAborted(ctx.signal)
  let maxLabel = 0
  for (const p of plans) for (const l of p.values) if (l > maxLabel) maxLabel = l
  const classes = await idxClassNames(files.dir, maxLabel + 1, opts.nameHint)

  // Without a test pair, a seeded share of the train images is routed to the test files.
  let held: Uint8Array | null = null
  const labels: Record<SplitName, ArrayLike<number>> = {
    train: train.values,
    test: test?.values ?? [],
  }
  if (!test) {
    const parts = holdOutIndices(train.values, train.pair.count, opts.testFraction, opts.seed)
    held = new Uint8Array(train.pair.count)
    for (const i of parts.held) held[i] = 1
    labels.train = parts.keep.map((i) => train.values[i]!)
    labels.test = parts.held.map((i) => train.values[i]!)
  }

  const writer = await CacheWriter.open(staging, { shape, classes })
  try {
    const source = createHash('sha256')
    const total = plans.reduce((n, p) => n + p.pair.count, 0)
    let done = 0
    for (const p of plans) {
      await writeImages(p, writer, held, source, tuning.chunkBytes ?? CHUNK_BYTES, (n) => {
        checkAborted(ctx.signal)
        done += n
        ctx.onProgress?.({ phase: 'writing', done, total, message: basename(p.images) })
      })
      await hashFile(p.labels, source)
    }
    await writer.labels('train', labels.train)
    await writer.labels('test', labels.test)
    return {
      info: {
        format: 'idx',
        shape,
        classes,
        sourcePath: files.dir,
        contentHash: source.digest('hex'),
        splitSeed: test ? null : opts.seed,
        skipped: [],
      },
      written: await writer.finish(),
    }
  } finally {
    await writer.close()
  }
}

/** Reads every images header and every labels file (checked to its last byte) of the pairs. */
async function readHeadersAndLabels(
  sources: Source[],
  emnist: boolean,
  ctx: DecodeContext,
): Promise<PairPlan[]> {
  const total = sources.length * 2
  let read = 0
  const reading = (file: string): void => {
    checkAborted(ctx.signal)
    ctx.onProgress?.({ phase: 'reading', done: read++, total, message: basename(file) })
  }
  const plans: PairPlan[] = []
  for (const s of sources) {
    const names = { images: basename(s.images), labels: basename(s.labels) }
    reading(s.images)
    const head = await peekIdxHeader(s.images)
    reading(s.labels)
    const { pair, values } = await withBytes(s.labels, {}, async (reader) => {
      const labelHead = await readIdxHeaderOf(reader, s.labels)
      const pair = checkIdxPair(head.dims, labelHead.dims, names, emnist)
      return { pair, values: await readIdxValues(reader, labelHead, names.labels) }
    })
    plans.push({ ...s, head, pair, values })
  }
  return plans
}

/**
 * Streams one images file into the writer, `chunkBytes` at a time, its stored bytes into
 * `source`; `wrote(n)` after each run (it may throw to stop: a cancel).
 */
async function writeImages(
  p: PairPlan,
  writer: CacheWriter,
  held: Uint8Array | null,
  source: Hash,
  chunkBytes: number,
  wrote: (n: number) => void,
): Promise<void> {
  const label = basename(p.images)
  const [h, w, c] = p.pair.stored
  const pixels = h * w * c
  let transposed: Uint8Array | null = null
  await withBytes(p.images, { onRaw: (chunk) => source.update(chunk) }, async (reader) => {
    const head = await readIdxHeaderOf(reader, p.images)
    if (head.dims.join() !== p.head.dims.join())
      throw new DatasetError('datasets/bad-file', `${label} changed while it was being imported.`)
    await forEachImageRun(reader, head, label, pixels, chunkBytes, async (px, first, n) => {
      let out = px
      if (p.pair.transpose) {
        // The first run is the longest: one buffer serves them all.
        transposed ??= new Uint8Array(px.length)
        out = transposed.subarray(0, px.length)
        transposeImages(px, out, n, p.pair.stored)
      }
      await writeRun(writer, p.split, out, first, n, pixels, held)
      wrote(n)
    })
  })
}

/** Appends `n` images (the `first`-th on) to `split`, or, with `held`, each to its side. */
async function writeRun(
  writer: CacheWriter,
  split: SplitName,
  px: Uint8Array,
  first: number,
  n: number,
  pixels: number,
  held: Uint8Array | null,
): Promise<void> {
  if (!held) return writer.images(split, px)
  for (let k = 0; k < n;) {
    const side = held[first + k]!
    let end = k + 1
    while (end < n && held[first + end] === side) end++
    await writer.images(side ? 'test' : 'train', px.subarray(k * pixels, end * pixels))
    k = end
  }
}

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
}

/** classes.txt, else EMNIST's *-mapping.txt (label → character code), else a name hint, else numbers. */
export async function idxClassNames(dir: string, count: number, hint: string): Promise<string[]> {
  const entries = await readdir(dir)
  const classesTxt = entries.find((e) => e.toLowerCase() === 'classes.txt')
  if (classesTxt) {
    const names = nameLines(await readFile(join(dir, classesTxt), 'utf8'))
    if (names.length >= count) return names.slice(0, count)
  }
  const mapping = entries.find((e) => /mapping\.txt$/i.test(e))
  if (mapping) {
    const names = numbered(count)
    for (const line of nameLines(await readFile(join(dir, mapping), 'utf8'))) {
      const [label, code] = line.split(/\s+/).map(Number)
      if (label !== undefined && code !== undefined && label < count && Number.isFinite(code))
        names[label] = String.fromCharCode(code)
    }
    return names
  }
  if (count === 10 && /fashion/i.test(`${hint} ${dir}`)) return [...FASHION_MNIST_CLASSES]
  return numbered(count)
}
