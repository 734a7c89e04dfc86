import { z } from 'zod'
import { designSchema } from './design'
import { datasetIdSchema } from './datasets'
import { RUN_SORT_COLUMNS, RUN_STATUSES } from '../runs/vocabulary'
import { backendPinSchema } from '../training/backends'
import { hyperparametersSchema, type Hyperparameters } from '../training/settings'

export const runIdSchema = z.number().int().positive()

export { RUN_STATUSES }
export const runStatusSchema = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof runStatusSchema>

/** NaN and ±Infinity become null in JSON; a metric value may be null for that reason. */
const metricValue = z.number().nullable()
const splitMetrics = z.record(z.string(), metricValue)

export const finalMetricsSchema = z.object({
  train: splitMetrics.optional(),
  val: splitMetrics.optional(),
  test: splitMetrics.optional(),
  confusionMatrix: z.array(z.array(z.number().int().nonnegative())).optional(),
  classNames: z.array(z.string()).optional(),
})

/** The recipe a caller sends: any subset of the training settings (`shared/training`). */
export { hyperparametersSchema, type Hyperparameters }

export const runSummarySchema = z.object({
  id: runIdSchema,
  name: z.string(),
  designName: z.string(),
  hyperparameters: z.record(z.string(), z.unknown()),
  datasetId: z.string().nullable(),
  datasetName: z.string().nullable(),
  backend: z.string().nullable(),
  backendVersion: z.string().nullable(),
  /** The native kernels in front of the backend ("avx512, 2 threads"), null when none ran. */
  backendNative: z.string().nullable(),
  /** The trainer's line about its backend: threads, SIMD, kernels, what fell through. */
  backendDetail: z.string().nullable(),
  /** The GPU it trained on (a WebGPU adapter: "NVIDIA H100 (nvidia hopper)"), null on the CPU. */
  backendDevice: z.string().nullable(),
  status: runStatusSchema,
  error: z.string().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  params: z.number().nullable(),
  macs: z.number().nullable(),
  bestValAccuracy: metricValue,
  finalMetrics: finalMetricsSchema.nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  queuePosition: z.number().nullable(),
})
export type RunSummary = z.infer<typeof runSummarySchema>

export const runDetailSchema = runSummarySchema.extend({
  graph: designSchema,
  /**
   * The checkpoint export and inspect read (the best, else the latest); null while the run has
   * none: it has not finished an epoch (queued, stopped or failed early, still in epoch 1).
   */
  checkpoint: z.object({ epoch: z.number().int(), valAccuracy: metricValue }).nullable(),
})
export type RunDetail = z.infer<typeof runDetailSchema>

export const metricPointSchema = z.object({
  step: z.number().int(),
  epoch: z.number().int(),
  value: metricValue,
  time: z.number(),
})
export type MetricPoint = z.infer<typeof metricPointSchema>

const runRef = z.object({ runId: runIdSchema })

export const runsCommands = {
  /** Queues a run; it starts at once when nothing else is training. */
  'runs:start': {
    request: z.object({
      design: designSchema,
      datasetId: datasetIdSchema,
      hyperparameters: hyperparametersSchema.default({}),
      name: z.string().trim().min(1).max(200).optional(),
      /** Pin a tfjs backend; 'auto' takes the best that loads. */
      backend: backendPinSchema.default('auto'),
      /** The saved design this run was started from (its name becomes the run's design name). */
      designId: z.number().int().positive().optional(),
    }),
    response: z.object({ runId: runIdSchema, status: runStatusSchema }),
  },
  /**
   * Measures the training speed in a trainer process of its own (a few real steps after a
   * warm-up) and scales it to an epoch. Writes nothing; a second request cancels the first.
   */
  'runs:forecast': {
    request: z.object({
      design: designSchema,
      datasetId: datasetIdSchema,
      hyperparameters: hyperparametersSchema.default({}),
      backend: backendPinSchema.default('auto'),
    }),
    response: z.object({
      /** The backend the measurement (and a run) gets. */
      backend: z.string(),
      backendVersion: z.string(),
      /** How many training steps were timed (after one untimed warm-up). */
      steps: z.number().int().positive(),
      msPerStep: z.number().positive(),
      imagesPerSec: z.number().positive(),
      stepsPerEpoch: z.number().int().positive(),
      msPerEpoch: z.number().positive(),
    }),
  },
  /** Stops a running run gracefully (then kills it), or cancels a queued one. */
  'runs:stop': {
    request: runRef,
    response: z.object({ runId: runIdSchema, status: runStatusSchema }),
  },
  'runs:list': {
    request: z
      .object({
        status: z.union([runStatusSchema, z.array(runStatusSchema)]).optional(),
        datasetId: z.string().optional(),
        tag: z.string().optional(),
        search: z.string().optional(),
        sort: z.enum(RUN_SORT_COLUMNS).optional(),
        order: z.enum(['asc', 'desc']).optional(),
        limit: z.number().int().positive().max(1000).optional(),
        offset: z.number().int().nonnegative().optional(),
      })
      .optional(),
    response: z.object({ runs: z.array(runSummarySchema), total: z.number().int().nonnegative() }),
  },
  'runs:get': { request: runRef, response: runDetailSchema },
  /** Metric series, downsampled server-side to at most `maxPoints` per series. */
  'runs:metrics': {
    request: runRef.extend({
      names: z.array(z.string()).optional(),
      maxPoints: z.number().int().positive().max(100_000).optional(),
    }),
    response: z.object({
      series: z.array(
        z.object({
          name: z.string(),
          points: z.array(metricPointSchema),
          total: z.number().int().nonnegative(),
        }),
      ),
    }),
  },
  'runs:delete': { request: runRef, response: runRef },
  'runs:update': {
    request: runRef.extend({
      name: z.string().trim().min(1).max(200).optional(),
      tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
      notes: z.string().max(20_000).optional(),
    }),
    response: runSummarySchema,
  },
  /** The queued runs in the order they will start. */
  'runs:queue': { request: z.object({}).optional(), response: z.array(runSummarySchema) },
  'runs:reorder': {
    request: z.object({ runIds: z.array(runIdSchema) }),
    response: z.array(runSummarySchema),
  },
  /** Removes a queued run from the queue (it ends as `stopped`). */
  'runs:cancel': {
    request: runRef,
    response: z.object({ runId: runIdSchema, status: runStatusSchema }),
  },
} as const

export const runsEvents = {
  /**
   * A batch finished (throttled by the supervisor: one per interval). The figures are the latest
   * batch's; `points` carries every batch since the run's previous progress event.
   */
  'runs:progress': z.object({
    runId: runIdSchema,
    epoch: z.number().int(),
    epochs: z.number().int(),
    batch: z.number().int(),
    batches: z.number().int(),
    step: z.number().int(),
    loss: metricValue,
    acc: metricValue,
    lr: metricValue,
    imagesPerSec: metricValue,
    /** Time left at the current pace, validation not counted. */
    etaMs: metricValue,
    points: z.array(
      z.object({ step: z.number().int(), loss: metricValue, acc: metricValue, lr: metricValue }),
    ),
  }),
  /** An epoch finished (never throttled). */
  'runs:epoch': z.object({
    runId: runIdSchema,
    epoch: z.number().int(),
    epochs: z.number().int(),
    step: z.number().int(),
    trainLoss: metricValue,
    trainAcc: metricValue,
    valLoss: metricValue,
    valAcc: metricValue,
    lr: metricValue,
    imagesPerSec: metricValue,
    durationMs: metricValue,
  }),
  'runs:status': z.object({
    runId: runIdSchema,
    status: runStatusSchema,
    error: z.string().nullable(),
    /** The backend the trainer got, once running. */
    backend: z.string().optional(),
    /** The native kernels in front of it ("avx512, 2 threads"), null when none; once running. */
    backendNative: z.string().nullable().optional(),
    /** The GPU it runs on, once running (null: a CPU backend). */
    backendDevice: z.string().nullable().optional(),
  }),
} as const
