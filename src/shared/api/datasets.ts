import { z } from 'zod'

export const datasetIdSchema = z.string().min(1)
export const datasetFormatSchema = z.enum(['idx', 'cifar', 'folder'])
export const datasetSplitSchema = z.enum(['train', 'test'])

export const datasetSummarySchema = z.object({
  id: datasetIdSchema,
  name: z.string(),
  format: z.string(),
  builtin: z.boolean(),
  /** `[height, width, channels]` of one example. */
  shape: z.array(z.number().int().positive()),
  classes: z.array(z.string()),
  /** Examples per split (validation is carved from train when training). */
  counts: z.object({ train: z.number().int().nonnegative(), test: z.number().int().nonnegative() }),
  createdAt: z.number(),
})
export type DatasetSummary = z.infer<typeof datasetSummarySchema>

export const datasetDetailSchema = datasetSummarySchema.extend({
  /** Examples per class, train and test together. */
  classCounts: z.array(z.number().int().nonnegative()),
  sourcePath: z.string().nullable(),
  /** Per-channel mean and standard deviation of the training split, in 0..255 units. */
  mean: z.array(z.number()),
  std: z.array(z.number()),
  /** Files the importer could not read, with the reason. */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
})
export type DatasetDetail = z.infer<typeof datasetDetailSchema>

export const datasetSampleSchema = z.object({
  /** Index inside its split. */
  index: z.number().int().nonnegative(),
  split: datasetSplitSchema,
  label: z.number().int().nonnegative(),
  className: z.string(),
  /** A PNG as a `data:` URL, ready for `<img src>`. */
  image: z.string(),
})
export type DatasetSample = z.infer<typeof datasetSampleSchema>

export const importIdSchema = z.string().min(1).max(100)

export const datasetsCommands = {
  'datasets:list': {
    request: z.object({}).optional(),
    response: z.array(datasetSummarySchema),
  },
  'datasets:get': {
    request: z.object({ id: datasetIdSchema }),
    response: datasetDetailSchema,
  },
  /** The class histogram of both splits and the first few training images of each class. */
  'datasets:preview': {
    request: z.object({
      id: datasetIdSchema,
      perClass: z.number().int().positive().max(32).default(4),
    }),
    response: z.object({
      classes: z.array(z.string()),
      shape: z.array(z.number().int().positive()),
      histogram: z.object({
        train: z.array(z.number().int().nonnegative()),
        test: z.array(z.number().int().nonnegative()),
      }),
      samples: z.array(datasetSampleSchema),
    }),
  },
  /** One page of a split's images, optionally of one class (the dataset browser). */
  'datasets:samples': {
    request: z.object({
      id: datasetIdSchema,
      split: datasetSplitSchema.default('train'),
      offset: z.number().int().nonnegative().default(0),
      count: z.number().int().positive().max(256).default(32),
      label: z.number().int().nonnegative().optional(),
    }),
    response: z.object({
      total: z.number().int().nonnegative(),
      samples: z.array(datasetSampleSchema),
    }),
  },
  /** Deletes an imported dataset and its cache; runs keep their history. Built-ins cannot be deleted. */
  'datasets:delete': {
    request: z.object({ id: datasetIdSchema }),
    response: z.object({ id: datasetIdSchema }),
  },
  /**
   * Imports a dataset and resolves when it is stored. Progress arrives as
   * `datasets:importProgress` events tagged with `importId` (the caller picks it so it can
   * cancel before the response arrives).
   */
  'datasets:import': {
    request: z.object({
      path: z.string().min(1),
      name: z.string().trim().min(1).max(200).optional(),
      format: datasetFormatSchema.optional(),
      /** Image folders: side of the square each image is resized to (default 32). */
      size: z.number().int().min(4).max(512).optional(),
      /** Image folders: one channel instead of RGB. */
      grayscale: z.boolean().optional(),
      /** Store it even when the same decoded content is already stored (else DATASET_DUPLICATE). */
      allowDuplicate: z.boolean().optional(),
      importId: importIdSchema.optional(),
    }),
    response: datasetSummarySchema.extend({
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
    }),
  },
  'datasets:cancelImport': {
    request: z.object({ importId: importIdSchema }),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const

export const datasetsEvents = {
  'datasets:importProgress': z.object({
    importId: z.string(),
    phase: z.enum(['scanning', 'reading', 'decoding', 'writing']),
    done: z.number().nonnegative(),
    total: z.number().nonnegative().nullable(),
    message: z.string().optional(),
  }),
} as const
