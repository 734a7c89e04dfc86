import { z } from 'zod'
import type { Design } from '../../shared/graph/types'
import { RUN_SORT_COLUMNS, RUN_STATUSES, type RunSortColumn } from '../../shared/runs/vocabulary'

export { RUN_STATUSES }
export const RunStatusSchema = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof RunStatusSchema>

/** Any JS number, NaN and ±Infinity included (zod's `number()` rejects them). */
export const AnyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number')

/** Metrics of one split: `{loss, accuracy, …}`; values may be NaN or ±Infinity. */
export const SplitMetricsSchema = z.record(z.string(), AnyNumber)
export type SplitMetrics = z.infer<typeof SplitMetricsSchema>

export const FinalMetricsSchema = z.object({
  train: SplitMetricsSchema.optional(),
  val: SplitMetricsSchema.optional(),
  test: SplitMetricsSchema.optional(),
  /** Rows are true classes, columns predicted classes (test split). */
  confusionMatrix: z.array(z.array(z.number().int().nonnegative())).optional(),
  classNames: z.array(z.string()).optional(),
})
export type FinalMetrics = z.infer<typeof FinalMetricsSchema>

export type Hyperparameters = Record<string, unknown>

/**
 * A run as the history view lists it: everything but the graph snapshot; in `runs.list()` its
 * `finalMetrics` has no `confusionMatrix` or `classNames` (`runs.get()` has them).
 */
export interface RunSummary {
  id: number
  name: string
  designName: string
  hyperparameters: Hyperparameters
  datasetId: string | null
  /** The dataset's name at query time (null when the dataset was deleted). */
  datasetName: string | null
  backend: string | null
  backendVersion: string | null
  /** The native kernels in front of the backend ("avx512, 2 threads"), null when none ran. */
  backendNative: string | null
  /** The trainer's one-line account of its backend: threads, SIMD, kernels, what fell through. */
  backendDetail: string | null
  /** The GPU it trained on (a WebGPU adapter), null on the CPU backends. */
  backendDevice: string | null
  status: RunStatus
  error: string | null
  /** Epoch milliseconds. */
  createdAt: number
  startedAt: number | null
  endedAt: number | null
  params: number | null
  macs: number | null
  bestValAccuracy: number | null
  finalMetrics: FinalMetrics | null
  tags: string[]
  notes: string
  queuePosition: number | null
}

export interface Run extends RunSummary {
  graph: Design
}

export const NewRunSchema = z.object({
  name: z.string().min(1),
  designName: z.string(),
  graph: z.custom<Design>((v) => typeof v === 'object' && v !== null),
  hyperparameters: z.record(z.string(), z.unknown()),
  datasetId: z.string().nullable(),
  backend: z.string().nullable().optional(),
  backendVersion: z.string().nullable().optional(),
  status: z.enum(['queued', 'running']).optional(),
  params: z.number().int().nonnegative().nullable().optional(),
  macs: z.number().int().nonnegative().nullable().optional(),
  tags: z.array(z.string()).optional(),
  notes: z.string().optional(),
})
export type NewRun = z.input<typeof NewRunSchema>

export { RUN_SORT_COLUMNS, type RunSortColumn }

export const RunQuerySchema = z.object({
  status: z.union([RunStatusSchema, z.array(RunStatusSchema)]).optional(),
  datasetId: z.string().optional(),
  tag: z.string().optional(),
  /** Case-insensitive substring of the name, design name, notes or tags. */
  search: z.string().optional(),
  sort: z.enum(RUN_SORT_COLUMNS).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().positive().max(1000).default(50),
  offset: z.number().int().nonnegative().default(0),
})
export type RunQuery = z.input<typeof RunQuerySchema>

export interface RunPage {
  runs: RunSummary[]
  /** Rows matching the filters, over all pages. */
  total: number
}

/** One point of one metric series. `value` may be NaN or ±Infinity and reads back as such. */
export interface MetricPoint {
  name: string
  step: number
  epoch: number
  value: number
  /** Epoch milliseconds. */
  time: number
}

export interface SeriesPoint {
  step: number
  epoch: number
  value: number
  time: number
}

export interface MetricSeries {
  name: string
  /** At most the requested number of points, in step order. */
  points: SeriesPoint[]
  /** Points stored for this series before downsampling. */
  total: number
}

export const DATASET_FORMATS = ['mnist-builtin', 'idx', 'cifar10', 'cifar100', 'folder'] as const
export type DatasetFormat = (typeof DATASET_FORMATS)[number]

/** A file the importer skipped, and why. */
export interface SkippedFile {
  path: string
  reason: string
}

/** A decoded dataset's metadata; the pixels live in `cacheDir` (see src/main/datasets). */
export interface DatasetRecord {
  /** Stable slug, also the cache folder's name: 'mnist', 'fashion-mnist', 'flowers-2'. */
  id: string
  name: string
  format: DatasetFormat
  builtin: boolean
  /** [H, W, C] of every image. */
  shape: [number, number, number]
  /** Class names; the label is the index. */
  classes: string[]
  /** Images per split in the cache ('train' and 'test'; validation is carved from train at load). */
  counts: { train: number; test: number }
  /** Images per class, train and test together. */
  classCounts: number[]
  sourcePath: string | null
  /** sha256 of the source bytes (or of the folder's file list and bytes). */
  contentHash: string
  /**
   * sha256 of the decoded content: shape, class names, and the cached pixels and labels of both
   * splits (see src/main/datasets/dataHash.ts). Equal hashes = the same data. NULL for rows
   * imported before it existed, until a duplicate check computes it from the cache.
   */
  dataHash: string | null
  /** Per-channel mean and standard deviation of the train split, in 0..255 units. */
  mean: number[]
  std: number[]
  /** Absolute path of the cache folder. */
  cacheDir: string
  /** Seed of the held-out test split when the source has none (image folders). */
  splitSeed: number | null
  skipped: SkippedFile[]
  createdAt: number
}

export interface SavedDesign {
  id: number
  name: string
  graph: DesignGraph
  createdAt: number
  updatedAt: number
}
export type DesignGraph = Design

export interface Checkpoint {
  id: number
  runId: number
  epoch: number
  step: number
  path: string
  valAccuracy: number | null
  isBest: boolean
  createdAt: number
}

export interface ExportRecord {
  id: number
  runId: number
  format: string
  path: string
  bytes: number | null
  createdAt: number
}
