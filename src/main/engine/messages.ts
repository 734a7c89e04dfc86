import { z } from 'zod'
import type { Design } from '../../shared/graph/types'
import { backendPinSchema } from './backend'
import { trainSettingsSchema } from '../../shared/training/settings'

/** Any number, NaN and ±Infinity included: a diverging loss must cross the boundary intact. */
const num = z.custom<number>((v) => typeof v === 'number', 'expected a number')
const count = z.number().int().nonnegative()

/** The backend a trainer got: name and version, its detail line, and the native kernels in front. */
const trainerBackendSchema = z.object({
  name: z.string(),
  version: z.string(),
  detail: z.string(),
  nativeKernels: z.string().nullable(),
  device: z.string().nullable(),
})

/** Everything a trainer needs to train one run; it reads the pixels from the dataset cache itself. */
export const TrainJobSchema = z.object({
  runId: z.number().int().positive(),
  design: z.custom<Design>(
    (v) => typeof v === 'object' && v !== null && 'nodes' in v,
    'expected a design',
  ),
  settings: trainSettingsSchema,
  /** The data directory and dataset id, for `loadDataset`. */
  home: z.string(),
  datasetId: z.string(),
  /** Where checkpoints go (`runs/<id>/`). */
  runDir: z.string(),
  backend: backendPinSchema.default('auto'),
  /** A checkpoint folder to continue from; refused when design or settings differ. */
  resumeFrom: z.string().optional(),
})
export type TrainJob = z.infer<typeof TrainJobSchema>
export type TrainJobInput = z.input<typeof TrainJobSchema>

/** A measurement of the training speed: no run, no checkpoints, nothing written anywhere. */
export const ProbeJobSchema = TrainJobSchema.pick({
  design: true,
  settings: true,
  home: true,
  datasetId: true,
  backend: true,
}).extend({
  /** Timed training steps, after one untimed warm-up step (kernel compilation, allocation). */
  steps: z.number().int().positive().max(50).default(3),
})
export type ProbeJob = z.infer<typeof ProbeJobSchema>
export type ProbeJobInput = z.input<typeof ProbeJobSchema>

export const ProbeResultSchema = z.object({
  backend: trainerBackendSchema,
  /** How many steps were timed. */
  steps: z.number().int().positive(),
  msPerStep: num,
  imagesPerSec: num,
  stepsPerEpoch: z.number().int().positive(),
  msPerEpoch: num,
})
export type ProbeResult = z.infer<typeof ProbeResultSchema>

/** Supervisor → trainer. */
export const ParentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: TrainJobSchema }),
  /** Time a few training steps, answer `probed`, exit. */
  z.object({ type: z.literal('probe'), job: ProbeJobSchema }),
  /** Finish the current batch, report, exit. */
  z.object({ type: z.literal('stop') }),
])
export type ParentMessage = z.infer<typeof ParentMessageSchema>

export const ERROR_KINDS = [
  'diverged',
  'exception',
  'dataset',
  'backend',
  'compile',
  'resume-refused',
  'protocol',
] as const
export type TrainerErrorKind = (typeof ERROR_KINDS)[number]

export const TestMetricsSchema = z.object({
  loss: num,
  top1: num,
  top5: num,
  /** Rows: true class, columns: predicted class. */
  confusionMatrix: z.array(z.array(count)),
  perClassAccuracy: z.array(num),
  count,
})
export type TestMetrics = z.infer<typeof TestMetricsSchema>

/** Trainer → supervisor. */
export const TrainerMessageSchema = z.discriminatedUnion('type', [
  ProbeResultSchema.extend({ type: z.literal('probed') }),
  z.object({
    type: z.literal('started'),
    backend: trainerBackendSchema,
    params: count,
    epochs: z.number().int().positive(),
    batchesPerEpoch: z.number().int().positive(),
    trainCount: count,
    valCount: count,
    testCount: count,
    /** The first epoch this process trains (1 unless resumed). */
    firstEpoch: z.number().int().positive(),
  }),
  z.object({
    type: z.literal('batch'),
    epoch: z.number().int().positive(),
    batch: z.number().int().positive(),
    batches: z.number().int().positive(),
    /** Global step, counted from 1 over the whole run. */
    step: z.number().int().positive(),
    loss: num,
    accuracy: num,
    lr: num,
    imagesPerSec: num,
  }),
  z.object({
    type: z.literal('epoch'),
    epoch: z.number().int().positive(),
    step: count,
    trainLoss: num,
    trainAccuracy: num,
    valLoss: num.nullable(),
    valAccuracy: num.nullable(),
    lr: num,
    imagesPerSec: num,
    durationMs: num,
  }),
  z.object({
    type: z.literal('checkpoint'),
    epoch: z.number().int().positive(),
    step: count,
    path: z.string(),
    valAccuracy: num.nullable(),
    isBest: z.boolean(),
    /** Older checkpoint folders deleted now (neither the best nor the latest). */
    removed: z.array(z.string()),
  }),
  z.object({
    type: z.literal('done'),
    reason: z.enum(['completed', 'early-stopped', 'stopped']),
    epochs: count,
    step: count,
    /** Absent when stopped by the person (no test pass then). */
    test: TestMetricsSchema.optional(),
    durationMs: num,
  }),
  z.object({
    type: z.literal('error'),
    kind: z.enum(ERROR_KINDS),
    message: z.string(),
    /** Where it happened, when it happened while training (divergence). */
    epoch: z.number().int().optional(),
    step: z.number().int().optional(),
  }),
])
export type TrainerMessage = z.infer<typeof TrainerMessageSchema>

/** Validates a message from the other side, or explains why it is not one. */
export function parseTrainerMessage(
  raw: unknown,
): { ok: true; message: TrainerMessage } | { ok: false; error: string } {
  const r = TrainerMessageSchema.safeParse(raw)
  return r.success
    ? { ok: true, message: r.data }
    : {
        ok: false,
        error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      }
}

export function parseParentMessage(
  raw: unknown,
): { ok: true; message: ParentMessage } | { ok: false; error: string } {
  const r = ParentMessageSchema.safeParse(raw)
  return r.success
    ? { ok: true, message: r.data }
    : {
        ok: false,
        error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      }
}

/** For exhaustive switches over message types. */
