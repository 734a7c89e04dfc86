import { createHash } from 'node:crypto'
import { open, readFile, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { CacheWriter, type SplitName } from './cacheWriter'
import { checkAborted, DatasetError } from './errors'
import { scanFolder, type Candidate } from './folderScan'
import { holdOutIndices } from './split'
import type { SkippedFile } from '../store'
import type { Built, DecodeContext } from './types'

const CONCURRENCY = 4
/** Bytes of decoded pixels read back from the staging file at once. */
const SWEEP_BYTES = 4 << 20
const STAGING_FILE = 'decoded.staging'

export interface FolderOptions {
  /** Every image is resized (center crop) to size×size. */
  size: number
  grayscale: boolean
  /** Images with more pixels than this are skipped (decompression bombs, huge scans). */
  maxPixels: number
  testFraction: number
  seed: number
}

/**
 * Imports an image folder with one sub-folder per class (PNG, JPEG, WebP) into the cache files
 * in `staging`, in bounded memory: each image is decoded, resized to size×size and written at
 * its place in a staging file; once every file is read (and the classes and the seeded,
 * stratified test split are known) one sequential pass copies the pixels into the train and test
 * files. Unreadable files are skipped and reported; links that leave the folder are refused.
 */
export async function importFolder(
  root: string,
  opts: FolderOptions,
  staging: string,
  ctx: DecodeContext = {},
): Promise<Built> {
  const scan = await scanFolder(root, ctx)
  const { candidates, classNames: kept, skipped } = scan
  const c = opts.grayscale ? 1 : 3
  const pixels = opts.size * opts.size * c
  const stagingPath = join(staging, STAGING_FILE)
  const file = await open(stagingPath, 'wx+')
  try {
    const { ok, digests } = await decodeAll(candidates, opts, pixels, file, skipped, ctx)

    // Classes whose every image failed are left out too; labels are renumbered densely.
    const perClass = new Array<number>(kept.length).fill(0)
    candidates.forEach((cand, i) => ok[i] && perClass[cand.classIndex]!++)
    const remap = new Map<number, number>()
    const classes: string[] = []
    perClass.forEach((n, k) => {
      if (n > 0) {
        remap.set(k, classes.length)
        classes.push(kept[k]!)
      } else
        skipped.push({
          path: kept[k]!,
          reason: 'no readable image in this class folder: class left out',
        })
    })
    if (classes.length < 2) {
      throw new DatasetError(
        'datasets/empty',
        `${root}: a classifier needs at least two classes with readable images; found ${classes.length}.${summary(skipped)}`,
      )
    }
    if (classes.length > 256)
      throw new DatasetError(
        'datasets/bad-file',
        `${root}: ${classes.length} classes; at most 256 are supported for image folders.`,
      )
    const valid = candidates.map((_, i) => i).filter((i) => ok[i])
    const labels = new Uint8Array(valid.length)
    const source = createHash('sha256')
    valid.forEach((src, dst) => {
      labels[dst] = remap.get(candidates[src]!.classIndex)!
      source.update(digests.subarray(src * 32, src * 32 + 32))
    })
    const { keep, held } = holdOutIndices(labels, valid.length, opts.testFraction, opts.seed)
    const shape: [number, number, number] = [opts.size, opts.size, c]
    const writer = await CacheWriter.open(staging, { shape, classes })
    try {
      await sweep(file, valid, held, pixels, writer, ctx)
      await writer.labels(
        'train',
        keep.map((v) => labels[v]!),
      )
      await writer.labels(
        'test',
        held.map((v) => labels[v]!),
      )
      const written = await writer.finish()
      skipped.sort((a, b) => (a.path < b.path ? -1 : 1))
      return {
        info: {
          format: 'folder',
          shape,
          classes,
          sourcePath: scan.realRoot,
          contentHash: source.digest('hex'),
          splitSeed: opts.seed,
          skipped,
        },
        written,
      }
    } finally {
      await writer.close()
    }
  } finally {
    await file.close()
    await rm(stagingPath, { force: true })
  }
}

/**
 * Decodes every candidate (a few at a time) into the staging file at `index × pixels`; returns
 * which ones worked and each one's source digest (sha256 of its relative path and bytes).
 */
async function decodeAll(
  candidates: Candidate[],
  opts: FolderOptions,
  pixels: number,
  file: FileHandle,
  skipped: SkippedFile[],
  ctx: DecodeContext,
): Promise<{ ok: Uint8Array; digests: Buffer }> {
  const ok = new Uint8Array(candidates.length)
  const digests = Buffer.alloc(candidates.length * 32)
  let done = 0
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      checkAborted(ctx.signal)
      const i = next++
      const cand = candidates[i]!
      let out: Buffer | null = null
      try {
        const bytes = await readFile(cand.file)
        if (bytes.length === 0) throw new Error('empty file')
        out = await decodeImage(bytes, opts)
        createHash('sha256')
          .update(cand.rel)
          .update(bytes)
          .digest()
          .copy(digests, i * 32)
      } catch (error) {
        skipped.push({ path: cand.rel, reason: reasonOf(error, opts.maxPixels) })
      }
      // Outside the try: a failed write (disk full) fails the import instead of skipping a file.
      if (out) {
        await writeAt(file, out, i * pixels)
        ok[i] = 1
      }
      done++
      if (done % 32 === 0 || done === candidates.length)
        ctx.onProgress?.({ phase: 'decoding', done, total: candidates.length })
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  checkAborted(ctx.signal)
  return { ok, digests }
}

/**
 * Copies the decoded images from the staging file into the train and test files in one
 * sequential pass, a few MB at a time; `held` (ascending indices into `valid`) go to test.
 */
async function sweep(
  file: FileHandle,
  valid: number[],
  held: number[],
  pixels: number,
  writer: CacheWriter,
  ctx: DecodeContext,
): Promise<void> {
  const isHeld = new Uint8Array(valid.length)
  for (const v of held) isHeld[v] = 1
  const per = Math.max(1, Math.floor(SWEEP_BYTES / pixels))
  const buf = Buffer.allocUnsafe(per * pixels)
  for (let v = 0; v < valid.length;) {
    checkAborted(ctx.signal)
    // Candidates valid[v] … valid[v] + per - 1 are read at once; skipped ones are passed over.
    const first = valid[v]!
    const end = Math.min(first + per, valid[valid.length - 1]! + 1)
    await readAt(file, buf.subarray(0, (end - first) * pixels), first * pixels)
    while (v < valid.length && valid[v]! < end) {
      // A run of valid candidates that are consecutive in the file and go to one split.
      const split: SplitName = isHeld[v] ? 'test' : 'train'
      let stop = v + 1
      while (
        stop < valid.length &&
        valid[stop]! < end &&
        valid[stop] === valid[stop - 1]! + 1 &&
        Boolean(isHeld[stop]) === (split === 'test')
      )
        stop++
      const from = (valid[v]! - first) * pixels
      await writer.images(split, buf.subarray(from, from + (stop - v) * pixels))
      v = stop
    }
    ctx.onProgress?.({ phase: 'writing', done: v, total: valid.length })
  }
}

async function writeAt(file: FileHandle, data: Uint8Array, position: number): Promise<void> {
  for (let off = 0; off < data.length;) {
    const { bytesWritten } = await file.write(data, off, data.length - off, position + off)
    off += bytesWritten
  }
}

async function readAt(file: FileHandle, into: Buffer, position: number): Promise<void> {
  for (let off = 0; off < into.length;) {
    const { bytesRead } = await file.read(into, off, into.length - off, position + off)
    if (bytesRead === 0) throw new Error('the staging file ended early')
    off += bytesRead
  }
}

async function decodeImage(bytes: Buffer, opts: FolderOptions): Promise<Buffer> {
  let pipeline = sharp(bytes, { limitInputPixels: opts.maxPixels, failOn: 'truncated' })
    .rotate()
    .resize(opts.size, opts.size, { fit: 'cover' })
    .removeAlpha()
  pipeline = opts.grayscale ? pipeline.grayscale() : pipeline.toColourspace('srgb')
  const { data, info } = await pipeline
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  const want = opts.grayscale ? 1 : 3
  if (info.channels !== want || data.length !== opts.size * opts.size * want) {
    throw new Error(`decoded to ${info.channels} channels, expected ${want}`)
  }
  return data
}

function reasonOf(error: unknown, maxPixels: number): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/pixel limit/i.test(message))
    return `larger than the ${maxPixels.toLocaleString('en-US')}-pixel limit`
  if (/unsupported image format/i.test(message))
    return 'not a readable image (unsupported or not an image at all)'
  if (message === 'empty file') return 'empty file (0 bytes)'
  if (/premature end|end of stream|truncated|corrupt/i.test(message))
    return `damaged or cut short (${message.split('\n')[0]})`
  return message.split('\n')[0] ?? 'unreadable'
}

function summary(skipped: SkippedFile[]): string {
  if (skipped.length === 0) return ''
  return ` Skipped: ${skipped
    .slice(0, 5)
    .map((s) => `${s.path} (${s.reason})`)
    .join('; ')}${skipped.length > 5 ? ` and ${skipped.length - 5} more` : ''}.`
}
