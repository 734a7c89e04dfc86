import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { FASHION_MNIST_CLASSES, nameLines, numbered } from './classNames'
import { checkAborted, DatasetError } from './errors'
import { pairIdx, parseIdx, readMaybeGzip, type IdxPair } from './idx'
import { holdOut } from './split'
import type { DecodeContext, Decoded, Split } from './types'

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

/** Decodes an IDX dataset folder; a missing test pair is replaced by a seeded held-out split. */
export async function decodeIdx(
  path: string,
  opts: IdxOptions,
  ctx: DecodeContext = {},
): Promise<Decoded> {
  const files = await findIdxFiles(path)
  if (!files) {
    throw new DatasetError(
      'datasets/unknown-format',
      `${path}: no IDX pair found (expected files like train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally .gz).`,
    )
  }
  const hash = createHash('sha256')
  const total = files.testImages && files.testLabels ? 4 : 2
  let done = 0
  const read = async (file: string): Promise<Buffer> => {
    checkAborted(ctx.signal)
    ctx.onProgress?.({ phase: 'reading', done, total, message: basename(file) })
    const raw = await readFile(file)
    hash.update(raw)
    done++
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
  if (test && test.shape.join() !== train.shape.join()) {
    throw new DatasetError(
      'datasets/mismatch',
      `Train images are ${train.shape.join('×')} but test images are ${test.shape.join('×')}.`,
    )
  }
  checkAborted(ctx.signal)
  let maxLabel = 0
  for (const l of train.labels) if (l > maxLabel) maxLabel = l
  if (test) for (const l of test.labels) if (l > maxLabel) maxLabel = l
  const classes = await classNamesFor(files.dir, maxLabel + 1, opts.nameHint)
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
  const finalTest: Split = testSplit
  return {
    format: 'idx',
    shape: train.shape,
    classes,
    train: trainSplit,
    test: finalTest,
    sourcePath: files.dir,
    contentHash: hash.digest('hex'),
    splitSeed: test ? null : opts.seed,
    skipped: [],
  }
}

/** classes.txt, else EMNIST's *-mapping.txt (label → character code), else a name hint, else numbers. */
async function classNamesFor(dir: string, count: number, hint: string): Promise<string[]> {
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
