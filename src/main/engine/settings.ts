import { z } from 'zod'

/**
 * The training recipe, flat so it is stored as a run's hyperparameters as is. Every field has a
 * default; `parseSettings` fills them, so a stored run says exactly how it was trained.
 */
export const TrainSettingsSchema = z.object({
  epochs: z.number().int().positive().max(10_000).default(10),
  batchSize: z.number().int().positive().max(65_536).default(64),
  lr: z.number().positive().max(10).default(0.01),
  /** 'momentum' is SGD with momentum (the API's older name for it). */
  optimizer: z.enum(['sgd', 'momentum', 'adam', 'rmsprop']).default('sgd'),
  /** SGD and RMSProp momentum; unset: 0.9 for SGD, 0 for RMSProp. SGD is plain when 0. */
  momentum: z.number().min(0).max(0.9999).optional(),
  nesterov: z.boolean().default(false),
  /** L2 penalty on conv and dense kernels (not biases or batch norm), as `wd/2 · Σw²`. */
  weightDecay: z.number().min(0).max(1).default(0),
  adamBeta1: z.number().min(0).max(0.9999).default(0.9),
  adamBeta2: z.number().min(0).max(0.99999).default(0.999),
  rmspropDecay: z.number().min(0).max(0.9999).default(0.9),
  epsilon: z.number().positive().default(1e-7),
  schedule: z.enum(['constant', 'step', 'multiStep', 'cosine']).default('constant'),
  /** Step schedule: multiply by `stepGamma` every `stepEvery` epochs. */
  stepEvery: z.number().int().positive().default(30),
  stepGamma: z.number().positive().max(1).default(0.1),
  /** Multi-step schedule: multiply by `stepGamma` at each of these epochs (ResNet: 30, 60). */
  milestones: z.array(z.number().int().positive()).default([]),
  /** Cosine schedule: the rate it ends at. */
  minLr: z.number().min(0).default(0),
  /** Linear warm-up from lr/warmup-steps to lr over this many epochs (fractions allowed). */
  warmupEpochs: z.number().min(0).default(0),
  /** Fraction of the train split held out for validation every epoch. */
  valFraction: z.number().min(0).max(0.5).default(0.1),
  /** Stop after this many epochs without a better validation loss; 0 = never. */
  patience: z.number().int().min(0).default(0),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Random crop: pad each side by this many pixels, then crop back to size; 0 = off. */
  cropPadding: z.number().int().min(0).max(64).default(0),
  flip: z.boolean().default(false),
  /** Train on the first N training examples only. */
  limit: z.number().int().positive().optional(),
})

export type TrainSettings = z.infer<typeof TrainSettingsSchema>
export type TrainSettingsInput = z.input<typeof TrainSettingsSchema>

/** Fills defaults and checks bounds; throws a readable zod error on bad values. */
export function parseSettings(input: unknown): TrainSettings {
  const parsed = TrainSettingsSchema.safeParse(input ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `bad training setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    )
  }
  return parsed.data
}
