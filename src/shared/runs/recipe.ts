import type { Hyperparameters } from '../api/runs'
import type { Design } from '../graph/types'
import { templates, type TemplateInfo } from '../templates'
import type { TrainDefaults } from '../templates/types'

/** A complete training recipe as the train form edits it (every field the form shows is set). */
export interface Recipe {
  optimizer: 'sgd' | 'momentum' | 'adam' | 'rmsprop'
  lr: number
  momentum: number
  weightDecay: number
  batchSize: number
  epochs: number
  schedule: 'constant' | 'step' | 'multiStep' | 'cosine'
  stepEvery: number
  stepGamma: number
  milestones: number[]
  warmupEpochs: number
  cropPadding: number
  flip: boolean
  seed: number
  valFraction: number
  /** Train on the first N examples only; null = the whole training split. */
  limit: number | null
}

/** The recipe for a design nobody suggested one for: plain SGD that trains small nets on MNIST. */
export const BASE_RECIPE: Recipe = {
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 0,
  batchSize: 64,
  epochs: 10,
  schedule: 'constant',
  stepEvery: 30,
  stepGamma: 0.1,
  milestones: [],
  warmupEpochs: 0,
  cropPadding: 0,
  flip: false,
  seed: 1,
  valFraction: 0.1,
  limit: null,
}

/** The template a design was opened from, recognised by its name (templates name their designs). */
export function templateForDesign(design: Pick<Design, 'name'>): TemplateInfo | undefined {
  const name = design.name.replace(/ \(plain twin\)$/, '')
  return templates.find((t) => t.name === name)
}

/** A template's suggested recipe as a form recipe. */
export function recipeFromDefaults(d: TrainDefaults, base: Recipe = BASE_RECIPE): Recipe {
  const r: Recipe = {
    ...base,
    optimizer: d.optimizer,
    lr: d.lr,
    momentum: d.momentum,
    weightDecay: d.weightDecay,
    batchSize: d.batchSize,
    epochs: d.epochs,
  }
  switch (d.schedule.kind) {
    case 'constant':
      return { ...r, schedule: 'constant' }
    case 'step':
      return {
        ...r,
        schedule: 'step',
        stepEvery: d.schedule.everyEpochs,
        stepGamma: d.schedule.factor,
      }
    case 'multiStep':
      return {
        ...r,
        schedule: 'multiStep',
        milestones: [...d.schedule.milestones],
        stepGamma: d.schedule.factor,
      }
    default:
      return assertNever(d.schedule)
  }
}

/** The recipe the train form starts from for this design: its template's, else the base one. */
export function defaultRecipe(design: Pick<Design, 'name'>): {
  recipe: Recipe
  source: string | null
} {
  const t = templateForDesign(design)
  return t
    ? { recipe: recipeFromDefaults(t.trainDefaults), source: t.name }
    : { recipe: BASE_RECIPE, source: null }
}

/** The hyperparameters `runs:start` takes for a form recipe (fields that do not apply left out). */
export function toHyperparameters(r: Recipe): Hyperparameters {
  const hp: Hyperparameters = {
    optimizer: r.optimizer,
    lr: r.lr,
    weightDecay: r.weightDecay,
    batchSize: r.batchSize,
    epochs: r.epochs,
    schedule: r.schedule,
    warmupEpochs: r.warmupEpochs,
    cropPadding: r.cropPadding,
    flip: r.flip,
    seed: r.seed,
    valFraction: r.valFraction,
  }
  if (r.optimizer === 'momentum' || r.optimizer === 'rmsprop') hp.momentum = r.momentum
  // The engine treats 'sgd' with momentum unset as momentum 0.9; plain SGD must say 0.
  if (r.optimizer === 'sgd') hp.momentum = 0
  if (r.schedule === 'step') Object.assign(hp, { stepEvery: r.stepEvery, stepGamma: r.stepGamma })
  if (r.schedule === 'multiStep')
    Object.assign(hp, {
      milestones: [...r.milestones].sort((a, b) => a - b),
      stepGamma: r.stepGamma,
    })
  if (r.limit !== null) hp.limit = r.limit
  return hp
}

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback

/** A stored run's hyperparameters back as a form recipe (re-run with the same settings). */
export function recipeFromStored(hp: Record<string, unknown>): Recipe {
  const b = BASE_RECIPE
  const pick = <T extends string>(v: unknown, options: readonly T[], fallback: T): T =>
    options.includes(v as T) ? (v as T) : fallback
  return {
    optimizer: pick(hp.optimizer, ['sgd', 'momentum', 'adam', 'rmsprop'], b.optimizer),
    lr: num(hp.lr, b.lr),
    momentum: num(hp.momentum, b.momentum),
    weightDecay: num(hp.weightDecay, b.weightDecay),
    batchSize: num(hp.batchSize, b.batchSize),
    epochs: num(hp.epochs, b.epochs),
    schedule: pick(hp.schedule, ['constant', 'step', 'multiStep', 'cosine'], b.schedule),
    stepEvery: num(hp.stepEvery, b.stepEvery),
    stepGamma: num(hp.stepGamma, b.stepGamma),
    milestones: Array.isArray(hp.milestones)
      ? hp.milestones.filter((m): m is number => typeof m === 'number')
      : [],
    warmupEpochs: num(hp.warmupEpochs, b.warmupEpochs),
    cropPadding: num(hp.cropPadding, b.cropPadding),
    flip: typeof hp.flip === 'boolean' ? hp.flip : b.flip,
    seed: num(hp.seed, b.seed),
    valFraction: num(hp.valFraction, b.valFraction),
    limit: typeof hp.limit === 'number' ? hp.limit : null,
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled schedule: ${JSON.stringify(value)}`)
}
