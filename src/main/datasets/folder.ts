import { createHash } from 'node:crypto'
import type { Dirent } from 'node:fs'
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import sharp from 'sharp'
import type { SkippedFile } from '../store'
import { checkAborted, DatasetError } from './errors'
import { holdOut } from './split'
import type { DecodeContext, Decoded } from './types'

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp'])
const JUNK = new Set(['thumbs.db', 'desktop.ini'])
const CONCURRENCY = 4

export interface FolderOptions {
  /** Every image is resized (center crop) to size×size. */
  size: number
  grayscale: boolean
  /** Images with more pixels than this are skipped (decompression bombs, huge scans). */
  maxPixels: number
  testFraction: number
  seed: number
}

interface Candidate {
  file: string
  rel: string
  classIndex: number
}

/**
 * Decodes an image folder with one sub-folder per class (PNG, JPEG, WebP) into size×size
 * pixels. Unreadable files are skipped and reported; files reached through a link that leaves
 * the chosen folder are refused. A seeded, stratified `testFraction` becomes the test split.
 */
export async function decodeFolder(
  root: string,
  opts: FolderOptions,
  ctx: DecodeContext = {},
): Promise<Decoded> {
  const realRoot = await realpath(root)
  if (!(await stat(realRoot)).isDirectory())
    throw new DatasetError('datasets/bad-file', `${root} is not a folder.`)
  const skipped: SkippedFile[] = []
  ctx.onProgress?.({ phase: 'scanning', done: 0, total: null })
  const top = (await readdir(root, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'))
  const classDirs: string[] = []
  for (const e of top.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(root, e.name)
    if (
      e.isDirectory() ||
      (e.isSymbolicLink() &&
        (await isInside(realRoot, full, skipped)) &&
        (await stat(full)).isDirectory())
    ) {
      classDirs.push(e.name)
    } else if (e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      skipped.push({
        path: e.name,
        reason: 'image outside a class folder (put each class in its own sub-folder)',
      })
    }
  }
  if (classDirs.length === 0) {
    throw new DatasetError(
      'datasets/empty',
      `${root} has no class folders. Put the images of each class in its own sub-folder (e.g. cats/, dogs/).`,
    )
  }
  const candidates: Candidate[] = []
  const kept: string[] = []
  for (const name of classDirs) {
    checkAborted(ctx.signal)
    const files = await listImages(realRoot, join(root, name), root, skipped)
    if (files.length === 0) {
      skipped.push({ path: name, reason: 'class folder without images: class left out' })
      continue
    }
    for (const file of files)
      candidates.push({ file, rel: relative(root, file), classIndex: kept.length })
    kept.push(name)
  }
  if (candidates.length === 0)
    throw new DatasetError(
      'datasets/empty',
      `${root}: none of its class folders holds a PNG, JPEG or WebP image.`,
    )

  const c = opts.grayscale ? 1 : 3
  const pixels = opts.size * opts.size * c
  const images = new Uint8Array(candidates.length * pixels)
  const ok = new Uint8Array(candidates.length)
  const digests: Buffer[] = new Array<Buffer>(candidates.length)
  let done = 0
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      checkAborted(ctx.signal)
      const i = next++
      const cand = candidates[i]!
      try {
        const bytes = await readFile(cand.file)
        if (bytes.length === 0) throw new Error('empty file')
        const out = await decodeImage(bytes, opts)
        images.set(out, i * pixels)
        ok[i] = 1
        digests[i] = createHash('sha256').update(cand.rel).update(bytes).digest()
      } catch (error) {
        skipped.push({ path: cand.rel, reason: reasonOf(error, opts.maxPixels) })
      }
      done++
      if (done % 32 === 0 || done === candidates.length)
        ctx.onProgress?.({ phase: 'decoding', done, total: candidates.length })
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  checkAborted(ctx.signal)

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
  const valid = candidates.map((_, i) => i).filter((i) => ok[i])
  const labels = new Uint8Array(valid.length)
  // Compact only when files were skipped: a big folder's pixels are not copied needlessly.
  const compact = valid.length !== candidates.length
  const all = compact ? new Uint8Array(valid.length * pixels) : images
  const hash = createHash('sha256')
  valid.forEach((src, dst) => {
    if (compact) all.set(images.subarray(src * pixels, (src + 1) * pixels), dst * pixels)
    labels[dst] = remap.get(candidates[src]!.classIndex)!
    hash.update(digests[src]!)
  })
  if (classes.length > 256)
    throw new DatasetError(
      'datasets/bad-file',
      `${root}: ${classes.length} classes; at most 256 are supported for image folders.`,
    )
  const { keep, held } = holdOut(
    { images: all, labels, count: valid.length },
    opts.testFraction,
    opts.seed,
    pixels,
  )
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1))
  return {
    format: 'folder',
    shape: [opts.size, opts.size, c],
    classes,
    train: keep,
    test: held,
    sourcePath: realRoot,
    contentHash: hash.digest('hex'),
    splitSeed: opts.seed,
    skipped,
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

/** Image files under a class folder (sub-folders included), refusing links that leave the root. */
async function listImages(
  realRoot: string,
  dir: string,
  root: string,
  skipped: SkippedFile[],
): Promise<string[]> {
  if (!(await isInside(realRoot, dir, skipped, root))) return []
  const out: string[] = []
  let entries: Dirent[]
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    skipped.push({
      path: relative(root, dir),
      reason: `cannot read folder: ${(error as Error).message}`,
    })
    return out
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || JUNK.has(e.name.toLowerCase())) continue
    const full = join(dir, e.name)
    if (e.isSymbolicLink() && !(await isInside(realRoot, full, skipped, root))) continue
    const info = await stat(full).catch(() => null)
    if (!info) {
      skipped.push({ path: relative(root, full), reason: 'broken link' })
    } else if (info.isDirectory()) {
      out.push(...(await listImages(realRoot, full, root, skipped)))
    } else if (IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      out.push(full)
    } else {
      skipped.push({ path: relative(root, full), reason: 'not a PNG, JPEG or WebP file' })
    }
  }
  return out
}

/** True when `path` resolves inside `realRoot`; otherwise records why it was refused. */
async function isInside(
  realRoot: string,
  path: string,
  skipped: SkippedFile[],
  root = realRoot,
): Promise<boolean> {
  const real = await realpath(path).catch(() => null)
  if (real !== null && (real === realRoot || real.startsWith(realRoot + sep))) return true
  skipped.push({
    path: relative(root, path),
    reason: real === null ? 'broken link' : 'link that leads outside the chosen folder: refused',
  })
  return false
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
