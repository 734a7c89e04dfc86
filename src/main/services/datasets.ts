import { randomUUID } from 'node:crypto'
import type { DatasetDetail, DatasetSample, DatasetSummary } from '../../shared/api'
import {
  datasetPreview,
  datasetSamples,
  deleteDataset,
  DatasetError,
  importDataset,
  type Sample,
} from '../datasets'
import type { DatasetRecord, Store } from '../store'
import { ApiError, fail } from './errors'
import type { EventBus, Handlers } from './types'
import { assertNever } from '../../shared/assertNever'

type DatasetHandlers = Pick<
  Handlers,
  | 'datasets:list'
  | 'datasets:get'
  | 'datasets:preview'
  | 'datasets:samples'
  | 'datasets:delete'
  | 'datasets:import'
  | 'datasets:cancelImport'
>

export const toDatasetSummary = (d: DatasetRecord): DatasetSummary => ({
  id: d.id,
  name: d.name,
  format: d.format,
  builtin: d.builtin,
  shape: [...d.shape],
  classes: d.classes,
  counts: d.counts,
  createdAt: d.createdAt,
})

const toDetail = (d: DatasetRecord): DatasetDetail => ({
  ...toDatasetSummary(d),
  classCounts: d.classCounts,
  sourcePath: d.sourcePath,
  mean: d.mean,
  std: d.std,
  skipped: d.skipped,
})

const toSample = (s: Sample): DatasetSample => ({
  index: s.index,
  split: s.split,
  label: s.label,
  className: s.className,
  image: `data:image/png;base64,${s.png.toString('base64')}`,
})

/** The datasets module's errors in the API's catalogue. */
export function datasetApiError(error: unknown): unknown {
  if (!(error instanceof DatasetError)) return error
  switch (error.code) {
    case 'datasets/not-found':
      return new ApiError('DATASET_NOT_FOUND', error.message)
    case 'datasets/name-taken':
      return new ApiError('CONFLICT', error.message)
    case 'datasets/cancelled':
      return new ApiError('DATASET_IMPORT_CANCELLED', error.message)
    case 'datasets/duplicate':
      // The id lets the import dialog offer the stored dataset instead of a second copy.
      return new ApiError(
        'DATASET_DUPLICATE',
        error.message,
        error.duplicateOf && {
          existingDataset: { id: error.duplicateOf.id, name: error.duplicateOf.name },
        },
      )
    case 'datasets/builtin':
      return new ApiError('BAD_REQUEST', error.message)
    case 'datasets/unknown-format':
    case 'datasets/bad-file':
    case 'datasets/mismatch':
    case 'datasets/empty':
    case 'datasets/cache-damaged':
      return new ApiError('DATASET_IMPORT_FAILED', error.message)
    default:
      return assertNever(error.code, 'dataset error')
  }
}

/** Runs `fn`, translating dataset errors. */
async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw datasetApiError(error)
  }
}

export interface DatasetDeps {
  store: Store
  home: string
  events: EventBus
  /** Settles when the built-in datasets are registered (reads wait for it). */
  builtins: Promise<unknown>
}

/** Datasets: metadata from the store, previews from the cache, imports with progress and cancel. */
export function datasetHandlers({ store, home, events, builtins }: DatasetDeps): DatasetHandlers {
  const imports = new Map<string, AbortController>()
  const ready = (): Promise<unknown> => builtins.catch(() => undefined)
  const mustExist = (id: string): DatasetRecord =>
    store.datasets.get(id) ?? fail('DATASET_NOT_FOUND', `No dataset with id "${id}".`)

  return {
    'datasets:list': async () => {
      await ready()
      return store.datasets.list().map(toDatasetSummary)
    },
    'datasets:get': async ({ id }) => {
      await ready()
      return toDetail(mustExist(id))
    },
    'datasets:preview': async ({ id, perClass }) => {
      await ready()
      mustExist(id)
      const preview = await translated(() => datasetPreview(home, id, { perClass }))
      return { ...preview, shape: [...preview.shape], samples: preview.samples.map(toSample) }
    },
    'datasets:samples': async ({ id, ...query }) => {
      await ready()
      mustExist(id)
      const page = await translated(() => datasetSamples(home, id, query))
      return { total: page.total, samples: page.samples.map(toSample) }
    },
    'datasets:delete': async ({ id }) => {
      await ready()
      await translated(() => deleteDataset(store, home, id))
      return { id }
    },
    'datasets:import': async ({
      importId = randomUUID(),
      path,
      name,
      format,
      size,
      grayscale,
      allowDuplicate,
    }) => {
      if (imports.has(importId))
        fail('CONFLICT', `An import with id "${importId}" is already running.`)
      await ready()
      const controller = new AbortController()
      imports.set(importId, controller)
      try {
        const result = await translated(() =>
          importDataset(
            store,
            home,
            {
              path,
              ...(name === undefined ? {} : { name }),
              ...(format === undefined ? {} : { format }),
              ...(size === undefined ? {} : { size }),
              ...(grayscale === undefined ? {} : { grayscale }),
              ...(allowDuplicate === undefined ? {} : { allowDuplicate }),
            },
            {
              signal: controller.signal,
              onProgress: (p) => events.emit('datasets:importProgress', { importId, ...p }),
            },
          ),
        )
        return { ...toDatasetSummary(result.dataset), skipped: result.skipped }
      } finally {
        imports.delete(importId)
      }
    },
    'datasets:cancelImport': ({ importId }) => {
      const controller = imports.get(importId)
      controller?.abort()
      return { cancelled: controller !== undefined }
    },
  }
}
