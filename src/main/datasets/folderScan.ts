import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import type { SkippedFile } from '../store'
import { checkAborted, DatasetError } from './errors'
import type { DecodeContext } from './types'

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp'])
const JUNK = new Set(['thumbs.db', 'desktop.ini'])

/** One image file to decode, with the index of its class folder in `classNames`. */
export interface Candidate {
  file: string
  /** The path relative to the chosen folder (what skipped files and the source hash name). */
  rel: string
  classIndex: number
}

export interface FolderScan {
  realRoot: string
  candidates: Candidate[]
  /** Class folders holding at least one image file, sorted by name. */
  classNames: string[]
  skipped: SkippedFile[]
}

/**
 * Lists an image folder: one sub-folder per class (sorted by name), the image files under each
 * (sub-folders included, sorted). Files that are not images, links that leave the chosen folder
 * and class folders without images are recorded in `skipped`.
 */
export async function scanFolder(root: string, ctx: DecodeContext = {}): Promise<FolderScan> {
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

  return { realRoot, candidates, classNames: kept, skipped }
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
