import { z } from 'zod'

/**
 * The training recipe, defined once: every setting's bounds (`fields`), the one set of defaults
 * (`TRAIN_DEFAULTS`), what a caller sends (`hyperparametersSchema`, any subset) and what a trainer
 * gets (`TrainSettings`, every field filled, so a stored run says exactly how it was trained).
 * Adding a hyperparameter: a field here, its label in `META`, its default in `TRAIN_DEFAULTS`, and
 * the trainer code that reads it; the API, the CLI's stored runs and the train form follow.
 */

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const
export type Optimizer = (typeof OPTIMIZERS)[number]
export const SCHEDULES = ['constant', 'step', 'multiStep', 'cosine'] as const
export type Schedule = (typeof SCHEDULES)[number]

/** What the train form shows beside a setting; `when` hides it unless another setting matches. */
export interface SettingMeta {
  label: string
  hint?: string
  when?: Record<string, readonly (string | number | boolean)[]>
}

const fields = {
  epochs: z.number().int().positive().max(10_000),
  batchSize: z.number().int().positive().max(65_536),
  lr: z.number().positive().max(10),
  /** 'sgd' is plain SGD; 'momentum' is SGD with `momentum` (tf.train.momentum). */
  optimizer: z.enum(OPTIMIZERS),
  /** Read by 'momentum' and 'rmsprop'; 'sgd' and 'adam' ignore it and store 0. */
  momentum: z.number().min(0).max(0.9999),
  nesterov: z.boolean(),
  /** L2 penalty on conv and dense kernels (not biases or batch norm), as `wd/2 · Σw²`. */
  weightDecay: z.number().min(0).max(1),
  adamBeta1: z.number().min(0).max(0.9999),
  adamBeta2: z.number().min(0).max(0.99999),
  rmspropDecay: z.number().min(0).max(0.9999),
  epsilon: z.number().positive().max(1),
  schedule: z.enum(SCHEDULES),
  /** Step schedule: multiply by `stepGamma` every `stepEvery` epochs. */
  stepEvery: z.number().int().positive().max(10_000),
  stepGamma: z.number().positive().max(1),
  /** Multi-step schedule: multiply by `stepGamma` at each of these epochs (ResNet: 30, 60). */
  milestones: z.array(z.number().int().positive()).max(100),
  /** Cosine schedule: the rate it ends at. */
  minLr: z.number().min(0).max(10),
  /** Linear warm-up from lr/warmup-steps to lr over this many epochs (fractions allowed). */
  warmupEpochs: z.number().min(0).max(10_000),
  /** Fraction of the train split held out for validation every epoch. */
  valFraction: z.number().min(0).max(0.5),
  /** Stop after this many epochs without a better validation loss; 0 = never. */
  patience: z.number().int().min(0).max(10_000),
  /**
   * The run is `diverged` when its loss stays above this many times its early level for five
   * batches in a row (a NaN or infinite loss always is); 0 = only then.
   */
  divergeFactor: z.number().min(0).max(1e12),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  /** Random crop: pad each side by this many pixels, then crop back to size; 0 = off. */
  cropPadding: z.number().int().min(0).max(64),
  flip: z.boolean(),
  /** Train on the first N training examples only (quick experiments); unset = all of them. */
  limit: z.number().int().positive(),
}

/** What the train form shows of each setting. */
const META: Record<keyof typeof fields, SettingMeta> = {
  epochs: { label: 'Epochs' },
  batchSize: { label: 'Batch size' },
  lr: { label: 'Learning rate' },
  optimizer: { label: 'Optimizer' },
  momentum: { label: 'Momentum', when: { optimizer: ['momentum', 'rmsprop'] } },
  nesterov: { label: 'Nesterov momentum', when: { optimizer: ['momentum'] } },
  weightDecay: { label: 'Weight decay' },
  adamBeta1: { label: 'Adam β₁', when: { optimizer: ['adam'] } },
  adamBeta2: { label: 'Adam β₂', when: { optimizer: ['adam'] } },
  rmspropDecay: { label: 'RMSProp decay', when: { optimizer: ['rmsprop'] } },
  epsilon: { label: 'Epsilon' },
  schedule: { label: 'LR schedule' },
  stepEvery: { label: 'Every (epochs)', when: { schedule: ['step'] } },
  stepGamma: { label: 'Multiply by', when: { schedule: ['step', 'multiStep'] } },
  milestones: { label: 'At epochs', when: { schedule: ['multiStep'] } },
  minLr: { label: 'Final learning rate', when: { schedule: ['cosine'] } },
  warmupEpochs: { label: 'Warm-up (epochs)' },
  valFraction: { label: 'Validation fraction' },
  patience: { label: 'Early-stopping patience', hint: 'Epochs without a better val loss; 0 = off' },
  divergeFactor: {
    label: 'Diverged above (× early loss)',
    hint: 'For 5 batches running; 0 = only NaN/∞',
  },
  seed: { label: 'Seed' },
  cropPadding: { label: 'Random crop padding', hint: 'Pixels; 0 = off' },
  flip: { label: 'Random horizontal flip' },
  limit: { label: 'Limit (examples)', hint: 'Train on a subset for a quick try' },
}

/** The recipe as a caller sends it (`runs:start`, a template's suggestion): any subset, nothing else. */
export const hyperparametersSchema = z.strictObject(fields).partial()
export type Hyperparameters = z.infer<typeof hyperparametersSchema>

/** A filled recipe: every setting set, `limit` only when the run trains on a subset. */
export type TrainSettings = Required<Omit<Hyperparameters, 'limit'>> & { limit?: number }

/** A filled recipe, as the trainer process receives it. */
export const trainSettingsSchema = z
  .object(fields)
  .required()
  .extend({ limit: fields.limit.optional() })

/** The one set of defaults (momentum's depends on the optimizer: `defaultMomentum`). */
export const TRAIN_DEFAULTS: Omit<TrainSettings, 'momentum' | 'limit'> = {
  epochs: 10,
  batchSize: 64,
  lr: 0.1,
  optimizer: 'sgd',
  nesterov: false,
  weightDecay: 0,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  rmspropDecay: 0.9,
  epsilon: 1e-7,
  schedule: 'constant',
  stepEvery: 30,
  stepGamma: 0.1,
  milestones: [],
  minLr: 0,
  warmupEpochs: 0,
  valFraction: 0.1,
  patience: 0,
  divergeFactor: 1000,
  seed: 1,
  cropPadding: 0,
  flip: false,
}

/** SGD with momentum defaults to 0.9 (the papers' value); RMSProp to none; the others have none. */
export function defaultMomentum(optimizer: Optimizer): number {
  return optimizer === 'momentum' ? 0.9 : 0
}

/** Whether this optimizer reads `momentum`. */
export const usesMomentum = (optimizer: Optimizer): boolean =>
  optimizer === 'momentum' || optimizer === 'rmsprop'

/**
 * A checked subset filled with the defaults, keys in `fields` order (a checkpoint's fingerprint
 * hashes them). An optimizer without momentum ('sgd', 'adam') stores 0 whatever was sent.
 */
export function fillSettings(hp: Hyperparameters): TrainSettings {
  const defaults: Partial<Record<keyof Hyperparameters, unknown>> = TRAIN_DEFAULTS
  const optimizer = hp.optimizer ?? TRAIN_DEFAULTS.optimizer
  const filled: Partial<Record<keyof Hyperparameters, unknown>> = {}
  for (const key of Object.keys(fields) as (keyof Hyperparameters)[]) {
    const value = hp[key] ?? defaults[key]
    if (value !== undefined) filled[key] = value
  }
  filled.optimizer = optimizer
  filled.momentum = usesMomentum(optimizer) ? (hp.momentum ?? defaultMomentum(optimizer)) : 0
  filled.milestones = [...new Set(hp.milestones ?? [])].sort((x, y) => x - y)
  return filled as TrainSettings
}

const lenient = z.object(fields).partial()

/** Checks bounds (unknown keys ignored) and fills defaults; throws a readable error on a bad value. */
export function parseSettings(input: unknown): TrainSettings {
  const parsed = lenient.safeParse(input ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `bad training setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    )
  }
  return fillSettings(parsed.data)
}

/**
 * A stored run's recipe as it was trained, for re-runs and resumes. Runs stored before the recipe
 * was defined once could say 'sgd' with momentum unset, which then trained with momentum 0.9.
 */
export function storedSettings(stored: Record<string, unknown>): Record<string, unknown> {
  if (stored.optimizer === 'sgd' && stored.momentum === undefined) {
    return { ...stored, optimizer: 'momentum', momentum: 0.9 }
  }
  return stored
}

/** The form's view of each setting: label, hint, `when`, and for numbers their bounds. */
export function settingMeta(name: keyof Hyperparameters): SettingMeta {
  return META[name]
}

export { fields as settingFields }

type NumberSetting = {
  [K in keyof typeof fields]: (typeof fields)[K] extends z.ZodNumber ? K : never
}[keyof typeof fields]

/** Why a typed value is not allowed for a numeric setting ("at most 10"), null when it is. */
export function settingProblem(name: NumberSetting, n: number): string | null {
  const schema: z.ZodNumber = fields[name]
  if (schema.safeParse(n).success) return null
  if (!Number.isFinite(n)) return 'a number'
  if (schema.isInt && !Number.isInteger(n)) return 'a whole number'
  const { minValue: min, maxValue: max } = schema
  if (max !== null && n > max) return `at most ${max}`
  if (min !== null && n < min) return `at least ${min}`
  return min === null ? 'a valid value' : `above ${min}`
}
