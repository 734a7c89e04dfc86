import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { DatasetRecord, SkippedFile, Store } from '../store'
import { cacheDir, writeCache } from './cache'
import { decodeCifar } from './cifar'
import { detectFormat, type ImportFormat } from './detect'
import { checkAborted, DatasetError } from './errors'
import { decodeFolder } from './folder'
import { decodeIdx } from './idxImport'
import { histogram } from './split'
import type { DecodeContext, Decoded } from './types'

export interface ImportOptions {
  path: string
  name?: string
  /** Detected from the files when absent. */
  format?: ImportFormat
  /** Image folders: side of the square every image is resized to (default 32). */
  size?: number
  /** Image folders: one channel instead of RGB. */
  grayscale?: boolean
  /** Image folders: larger images are skipped (default 40 megapixels). */
  maxPixels?: number
  /** Share held out as the test split when the source has none (default 0.2). */
  testFraction?: number
  seed?: number
  /** Forces the id (built-ins). */
  id?: string
  builtin?: boolean
}

export interface ImportResult {
  dataset: DatasetRecord
  skipped: SkippedFile[]
}

export const DEFAULT_FOLDER_SIZE = 32
export const DEFAULT_MAX_PIXELS = 40_000_000

/**
 * Imports a dataset: decodes it, writes the cache to a temp folder renamed at the end, then
 * inserts the row. A failure or an abort leaves neither a row nor files.
 */
export async function importDataset(
  store: Store,
  home: string,
  options: ImportOptions,
  ctx: DecodeContext = {},
): Promise<ImportResult> {
  const path = resolve(options.path)
  if (!existsSync(path)) throw new DatasetError('datasets/not-found', `${path} does not exist.`)
  const requestedName = options.name?.trim()
  if (
    requestedName &&
    store.datasets.resolve(requestedName)?.name.toLowerCase() === requestedName.toLowerCase()
  ) {
    throw new DatasetError(
      'datasets/name-taken',
      `A dataset named "${requestedName}" already exists; choose another name.`,
    )
  }
  const format = options.format ?? (await detectFormat(path))
  const seed = options.seed ?? 42
  const testFraction = options.testFraction ?? 0.2
  checkAborted(ctx.signal)
  const decoded = await decode(
    format,
    path,
    { ...options, seed, testFraction },
    requestedName ?? basename(path),
    ctx,
  )
  checkAborted(ctx.signal)

  const name = requestedName ?? uniqueName(store, defaultName(decoded, path))
  const id = options.id ?? uniqueId(store, home, name)
  ctx.onProgress?.({ phase: 'writing', done: 0, total: 1 })
  const meta = await writeCache(home, id, name, decoded, ctx.signal)
  const record: DatasetRecord = {
    id,
    name,
    format: options.id === 'mnist' && options.builtin ? 'mnist-builtin' : decoded.format,
    builtin: options.builtin ?? false,
    shape: decoded.shape,
    classes: decoded.classes,
    counts: meta.counts,
    classCounts: sum(
      histogram(decoded.train.labels, decoded.classes.length),
      histogram(decoded.test.labels, decoded.classes.length),
    ),
    sourcePath: decoded.sourcePath,
    contentHash: decoded.contentHash,
    mean: meta.mean,
    std: meta.std,
    cacheDir: cacheDir(home, id),
    splitSeed: decoded.splitSeed,
    skipped: decoded.skipped,
    createdAt: Date.now(),
  }
  try {
    checkAborted(ctx.signal)
    store.datasets.insert(record)
  } catch (error) {
    await rm(cacheDir(home, id), { recursive: true, force: true })
    throw error
  }
  ctx.onProgress?.({ phase: 'writing', done: 1, total: 1 })
  return { dataset: record, skipped: decoded.skipped }
}

async function decode(
  format: ImportFormat,
  path: string,
  o: ImportOptions & { seed: number; testFraction: number },
  hint: string,
  ctx: DecodeContext,
): Promise<Decoded> {
  switch (format) {
    case 'idx':
      return decodeIdx(path, { seed: o.seed, testFraction: o.testFraction, nameHint: hint }, ctx)
    case 'cifar':
      return decodeCifar(path, ctx)
    case 'folder': {
      const size = o.size ?? DEFAULT_FOLDER_SIZE
      if (!Number.isInteger(size) || size < 4 || size > 512)
        throw new DatasetError(
          'datasets/bad-file',
          `Image size ${size} is out of range (4–512 pixels).`,
        )
      return decodeFolder(
        path,
        {
          size,
          grayscale: o.grayscale ?? false,
          maxPixels: o.maxPixels ?? DEFAULT_MAX_PIXELS,
          testFraction: o.testFraction,
          seed: o.seed,
        },
        ctx,
      )
    }
    default:
      return assertNever(format)
  }
}

function assertNever(x: never): never {
  throw new DatasetError(
    'datasets/unknown-format',
    `Unknown format ${String(x)}; use idx, cifar or folder.`,
  )
}

function defaultName(d: Decoded, path: string): string {
  if (d.format === 'cifar10') return 'CIFAR-10'
  if (d.format === 'cifar100') return 'CIFAR-100'
  return basename(path)
}

function uniqueName(store: Store, base: string): string {
  const taken = new Set(store.datasets.list().map((d) => d.name.toLowerCase()))
  if (!taken.has(base.toLowerCase())) return base
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`.toLowerCase())) return `${base} (${i})`
}

/** A slug of the name, unique among rows and cache folders: 'Fashion MNIST' → 'fashion-mnist'. */
function uniqueId(store: Store, home: string, name: string): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'dataset'
  const ids = new Set(store.datasets.ids())
  const free = (id: string): boolean => !ids.has(id) && !existsSync(cacheDir(home, id))
  if (free(slug)) return slug
  for (let i = 2; ; i++) if (free(`${slug}-${i}`)) return `${slug}-${i}`
}

const sum = (a: number[], b: number[]): number[] => a.map((x, i) => x + (b[i] ?? 0))
