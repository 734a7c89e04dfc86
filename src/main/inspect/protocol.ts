import { z } from 'zod'
import { inspectImageSchema, type ResponseOf } from '../../shared/api'
import type { Design } from '../../shared/graph'
import { backendPinSchema } from '../../shared/training/backends'

/** Everything the inspector needs to know about a run (the core reads it from the store). */
export const InspectTargetSchema = z.object({
  runId: z.number().int().positive(),
  design: z.custom<Design>(
    (v) => typeof v === 'object' && v !== null && 'nodes' in v,
    'expected a design',
  ),
  checkpointDir: z.string(),
  checkpoint: z.object({
    epoch: z.number().int(),
    valAccuracy: z.number().nullable(),
    isBest: z.boolean(),
  }),
  /** `runs/<id>/inspect/<checkpoint>/`: where results are cached. */
  cacheDir: z.string(),
  home: z.string(),
  datasetId: z.string(),
  /** The run's validation split: the same fraction and seed as training. */
  valFraction: z.number(),
  seed: z.number().int(),
  classNames: z.array(z.string()),
  backend: backendPinSchema.default('auto'),
})
export type InspectTarget = z.infer<typeof InspectTargetSchema>

export const InspectTaskSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('evaluation') }),
  z.object({
    type: z.literal('cell'),
    trueClass: z.number().int(),
    predictedClass: z.number().int(),
    offset: z.number().int(),
    count: z.number().int(),
  }),
  z.object({ type: z.literal('predict'), image: inspectImageSchema }),
  z.object({
    type: z.literal('filters'),
    layer: z.string(),
    maxFilters: z.number().int(),
    maxChannels: z.number().int(),
  }),
  z.object({
    type: z.literal('topPatches'),
    layer: z.string(),
    filter: z.number().int(),
    samples: z.number().int(),
  }),
  z.object({
    type: z.literal('featureMaps'),
    layer: z.string(),
    image: inspectImageSchema,
    maxChannels: z.number().int(),
  }),
])
export type InspectTask = z.infer<typeof InspectTaskSchema>

/** What each task answers (the API response without what the core adds). */
export interface TaskResults {
  evaluation: Omit<ResponseOf<'inspect:evaluation'>, 'checkpoint' | 'trainerTop1'>
  cell: ResponseOf<'inspect:cell'>
  predict: ResponseOf<'inspect:predict'>
  filters: ResponseOf<'inspect:filters'>
  topPatches: ResponseOf<'inspect:topPatches'>
  featureMaps: ResponseOf<'inspect:featureMaps'>
}

export const ToInspectorSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('request'),
    id: z.string(),
    target: InspectTargetSchema,
    task: InspectTaskSchema,
  }),
  z.object({ type: z.literal('cancel'), id: z.string() }),
])
export type ToInspector = z.input<typeof ToInspectorSchema>

/** `input`: the request cannot be answered as asked (bad layer, bad image); `internal`: a failure. */
export type InspectErrorKind = 'input' | 'internal'

export type FromInspector =
  | { type: 'progress'; id: string; done: number; total: number }
  | { type: 'result'; id: string; ok: true; data: unknown }
  | { type: 'result'; id: string; ok: false; error: { kind: InspectErrorKind; message: string } }
