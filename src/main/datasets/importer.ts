import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { DatasetRecord, SkippedFile, Store } from '../store'
import { cacheDir, cacheMeta, makeStaging, publishStaging, removeAbandonedStaging } from './cache'
import { importCifar } from './cifar'
import { detectFormat, type ImportFormat } from './detect'
import { duplicateError, findDuplicate } from './duplicates'
import { checkAborted, DatasetError } from './errors'
import { importFolder } from './folder'
import { importIdx } from './idxImport'
import type { Built, DecodeContext, DecodedInfo } from './types'

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
  /**
   * Store it even when a dataset with the same decoded content exists; without it such an
   * import stops with `datasets/duplicate` before anything is stored.
   */
  allowDuplicate?: boolean
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
 * Imports a dataset: decodes it into a temp folder beside the caches, stops there when the same
 * content is already stored (unless `allowDuplicate`), renames the folder into place and inserts
 * the row. A failure, an abort or a duplicate leaves neither a row nor files.
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
  checkNameFree(store, requestedName)
  const format = options.format ?? (await detectFormat(path))
  const seed = options.seed ?? 42
  const testFraction = options.testFraction ?? 0.2
  checkAborted(ctx.signal)
  await removeAbandonedStaging(home)
  const staging = await makeStaging(home, options.id ?? 'import')
  let published: string | null = null
  try {
    const { info, written } = await build(
      format,
      path,
      { ...options, seed, testFraction },
      requestedName ?? basename(path),
      staging,
      ctx,
    )
    checkAborted(ctx.signal)
    // One import at a time from here: two imports of the same data in one process cannot both
    // pass the duplicate check, nor two imports take the same name or id.
    const record = await serially(store, async () => {
      checkNameFree(store, requestedName)
      if (!options.allowDuplicate) {
        const existing = await findDuplicate(store, home, { ...info, dataHash: written.dataHash })
        if (existing) throw duplicateError(existing)
      }
      const name = requestedName ?? uniqueName(store, defaultName(info, path))
      const id = options.id ?? uniqueId(store, home, name)
      const record: DatasetRecord = {
        id,
        name,
        format: options.id === 'mnist' && options.builtin ? 'mnist-builtin' : info.format,
        builtin: options.builtin ?? false,
        shape: info.shape,
        classes: info.classes,
        counts: written.counts,
        classCounts: written.classCounts,
        sourcePath: info.sourcePath,
        contentHash: info.contentHash,
        dataHash: written.dataHash,
        mean: written.mean,
        std: written.std,
        cacheDir: cacheDir(home, id),
        splitSeed: info.splitSeed,
        skipped: info.skipped,
        createdAt: Date.now(),
      }
      checkAborted(ctx.signal)
      await publishStaging(home, staging, cacheMeta(id, name, info, written))
      published = record.cacheDir
      checkAborted(ctx.signal)
      store.datasets.insert(record)
      return record
    })
    return { dataset: record, skipped: info.skipped }
  } catch (error) {
    await rm(published ?? staging, { recursive: true, force: true })
    throw error
  }
}

/** Decodes the source into cache files in `staging`, streaming: memory does not grow with its size. */
async function build(
  format: ImportFormat,
  path: string,
  o: ImportOptions & { seed: number; testFraction: number },
  hint: string,
  staging: string,
  ctx: DecodeContext,
): Promise<Built> {
  switch (format) {
    case 'idx':
      return importIdx(
        path,
        { seed: o.seed, testFraction: o.testFraction, nameHint: hint },
        staging,
        ctx,
      )
    case 'cifar':
      return importCifar(path, staging, ctx)
    case 'folder': {
      const size = o.size ?? DEFAULT_FOLDER_SIZE
      if (!Number.isInteger(size) || size < 4 || size > 512)
        throw new DatasetError(
          'datasets/bad-file',
          `Image size ${size} is out of range (4–512 pixels).`,
        )
      return importFolder(
        path,
        {
          size,
          grayscale: o.grayscale ?? false,
          maxPixels: o.maxPixels ?? DEFAULT_MAX_PIXELS,
          testFraction: o.testFraction,
          seed: o.seed,
        },
        staging,
        ctx,
      )
    }
    default:
      return unknownFormat(format)
  }
}

function unknownFormat(x: never): never {
  throw new DatasetError(
    'datasets/unknown-format',
    `Unknown format ${String(x)}; use idx, cifar or folder.`,
  )
}

function checkNameFree(store: Store, name: string | undefined): void {
  if (name && store.datasets.resolve(name)?.name.toLowerCase() === name.toLowerCase()) {
    throw new DatasetError(
      'datasets/name-taken',
      `A dataset named "${name}" already exists; choose another name.`,
    )
  }
}

const finishing = new WeakMap<Store, Promise<unknown>>()

/** Runs `fn` once the previous `serially` call on this store has settled. */
function serially<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const next = (finishing.get(store) ?? Promise.resolve()).then(fn, fn)
  finishing.set(
    store,
    next.catch(() => undefined),
  )
  return next
}

function defaultName(d: DecodedInfo, path: string): string {
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
