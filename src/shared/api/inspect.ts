/**
 * Looking inside a trained run: test evaluation, predictions, filters, top-9 patches and
 * feature maps. Every command works on the run's best checkpoint and is computed in the
 * inspector process; images travel as PNG `data:` URLs.
 */
import { z } from 'zod'
import { runIdSchema } from './runs'

export const inspectJobIdSchema = z.string().min(1).max(100)
const layerName = z.string().min(1).max(200)
const dataUrl = z.string()
const probability = z.number()

/** An image to look at: a file's bytes (base64, any format sharp reads) or a test-split index. */
export const inspectImageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    /** The file's bytes, base64 (a `data:` URL prefix is accepted). At most ~16 MB. */
    data: z.string().min(1).max(22_000_000),
    name: z.string().max(500).optional(),
  }),
  z.object({ kind: z.literal('test'), index: z.number().int().nonnegative() }),
])
export type InspectImage = z.infer<typeof inspectImageSchema>

export const inspectLayerSchema = z.object({
  /** The primitive layer's name (as in `blockwise inspect --layers`). */
  name: z.string(),
  kind: z.string(),
  /** The top-level block it belongs to. */
  origin: z.string(),
  shape: z.array(z.number().int()),
  receptiveField: z.number().nullable(),
  cumulativeStride: z.number().nullable(),
  /** conv2d only: filters, kernel side and input channels. */
  conv: z
    .object({ filters: z.number().int(), kernel: z.number().int(), inChannels: z.number().int() })
    .nullable(),
})
export type InspectLayer = z.infer<typeof inspectLayerSchema>

const classProb = z.object({ classIndex: z.number().int(), className: z.string(), probability })

export const inspectCheckpointSchema = z.object({
  epoch: z.number().int(),
  valAccuracy: z.number().nullable(),
  isBest: z.boolean(),
})

const runRef = z.object({ runId: runIdSchema })

export const inspectCommands = {
  /** What can be inspected: the checkpoint used, class names and the layers with a feature map. */
  'inspect:summary': {
    request: runRef,
    response: z.object({
      runId: runIdSchema,
      checkpoint: inspectCheckpointSchema,
      datasetId: z.string(),
      classNames: z.array(z.string()),
      inputShape: z.array(z.number().int()),
      /** Layers with a spatial (H×W×C) output, in network order; conv layers carry `conv`. */
      layers: z.array(inspectLayerSchema),
      testCount: z.number().int().nonnegative(),
    }),
  },
  /** Test-set evaluation of the best checkpoint (cached on disk under the run's folder). */
  'inspect:evaluation': {
    request: runRef.extend({ jobId: inspectJobIdSchema.optional() }),
    response: z.object({
      checkpoint: inspectCheckpointSchema,
      count: z.number().int().nonnegative(),
      loss: z.number().nullable(),
      top1: z.number().nullable(),
      top5: z.number().nullable(),
      classNames: z.array(z.string()),
      /** Rows true class, columns predicted class. */
      confusionMatrix: z.array(z.array(z.number().int().nonnegative())),
      perClass: z.array(
        z.object({
          precision: z.number().nullable(),
          recall: z.number().nullable(),
          support: z.number().int().nonnegative(),
        }),
      ),
      /** The trainer's own end-of-run top-1 (final weights), for comparison. */
      trainerTop1: z.number().nullable(),
      cached: z.boolean(),
    }),
  },
  /** The test images of one confusion-matrix cell, with their predicted probabilities. */
  'inspect:cell': {
    request: runRef.extend({
      trueClass: z.number().int().nonnegative(),
      predictedClass: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative().default(0),
      count: z.number().int().positive().max(200).default(48),
    }),
    response: z.object({
      total: z.number().int().nonnegative(),
      items: z.array(
        z.object({
          index: z.number().int(),
          label: z.number().int(),
          predicted: z.number().int(),
          /** Probability of the predicted class. */
          probability,
          /** Probability given to the true class. */
          trueProbability: probability,
          top: z.array(classProb),
          image: dataUrl,
        }),
      ),
    }),
  },
  /** Top-5 classes of one image, preprocessed as in training. */
  'inspect:predict': {
    request: runRef.extend({ image: inspectImageSchema }),
    response: z.object({
      top: z.array(classProb),
      /** The image the network saw (resized, grey or RGB), as PNG. */
      input: dataUrl,
      /** The true class when the image is from the test split. */
      label: z.number().int().nullable(),
    }),
  },
  /** A conv layer's kernels, each normalised to its own min..max. */
  'inspect:filters': {
    request: runRef.extend({
      layer: layerName,
      maxFilters: z.number().int().positive().max(1024).default(96),
      maxChannels: z.number().int().positive().max(512).default(16),
    }),
    response: z.object({
      layer: z.string(),
      kernel: z.array(z.number().int()),
      filters: z.number().int(),
      inChannels: z.number().int(),
      /** True when each kernel is drawn as one RGB image (first layer on RGB input). */
      colour: z.boolean(),
      shownChannels: z.number().int(),
      items: z.array(
        z.object({
          index: z.number().int(),
          /** One kernel (colour) or a row of its per-input-channel kernels, as PNG. */
          image: dataUrl,
          min: z.number(),
          max: z.number(),
        }),
      ),
    }),
  },
  /**
   * The nine validation images (at most one patch each) where a filter fires most, cropped to
   * the unit's receptive field. Progress arrives as `inspect:progress` with `jobId`; a cancel
   * ends the scan early and answers with what was scanned (`cancelled: true`).
   */
  'inspect:topPatches': {
    request: runRef.extend({
      layer: layerName,
      filter: z.number().int().nonnegative(),
      samples: z.number().int().positive().max(60_000).default(2000),
      jobId: inspectJobIdSchema.optional(),
    }),
    response: z.object({
      layer: z.string(),
      filter: z.number().int(),
      receptiveField: z.number(),
      stride: z.number(),
      scanned: z.number().int(),
      cancelled: z.boolean(),
      patches: z.array(
        z.object({
          index: z.number().int(),
          label: z.number().int(),
          className: z.string(),
          activation: z.number(),
          unit: z.object({ y: z.number().int(), x: z.number().int() }),
          /** Inclusive pixel box of the receptive field inside the image, clipped to it. */
          box: z.object({
            top: z.number().int(),
            left: z.number().int(),
            bottom: z.number().int(),
            right: z.number().int(),
          }),
          patch: dataUrl,
          image: dataUrl,
        }),
      ),
    }),
  },
  /** One image's activations at a layer, one grey map per channel (each normalised). */
  'inspect:featureMaps': {
    request: runRef.extend({
      layer: layerName,
      image: inspectImageSchema,
      maxChannels: z.number().int().positive().max(1024).default(64),
    }),
    response: z.object({
      layer: z.string(),
      shape: z.array(z.number().int()),
      maps: z.array(
        z.object({ channel: z.number().int(), image: dataUrl, min: z.number(), max: z.number() }),
      ),
    }),
  },
  'inspect:cancel': {
    request: z.object({ jobId: inspectJobIdSchema }),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const

export const inspectEvents = {
  'inspect:progress': z.object({
    jobId: z.string(),
    runId: runIdSchema,
    task: z.enum(['evaluation', 'topPatches']),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
} as const
