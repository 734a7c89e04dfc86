import { z } from 'zod'
import type { Design } from '../graph/types'

/** How the learning rate changes over training. */
export const lrScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** Multiply by `factor` every `everyEpochs` epochs (GoogLeNet: 0.96 every 8). */
  z.object({
    kind: z.literal('step'),
    everyEpochs: z.number().int().positive(),
    factor: z.number().positive(),
  }),
  /** Multiply by `factor` at each milestone epoch (ResNet: ÷10 at 30 and 60). */
  z.object({
    kind: z.literal('multiStep'),
    milestones: z.array(z.number().int().positive()),
    factor: z.number().positive(),
  }),
])
export type LrSchedule = z.infer<typeof lrScheduleSchema>

/** The training recipe a template suggests, taken from its paper where the paper gives one. */
export const trainDefaultsSchema = z.object({
  /** The same names as the run's hyperparameters: 'momentum' is SGD with momentum (tf.train.momentum). */
  optimizer: z.enum(['sgd', 'momentum', 'adam', 'rmsprop']),
  lr: z.number().positive(),
  momentum: z.number().min(0).max(1),
  weightDecay: z.number().min(0),
  batchSize: z.number().int().positive(),
  epochs: z.number().int().positive(),
  schedule: lrScheduleSchema,
})
export type TrainDefaults = z.infer<typeof trainDefaultsSchema>

export type TemplateDataset = 'mnist' | 'cifar10' | 'imagenet'

export interface PaperRef {
  authors: string
  title: string
}

/** A classic architecture the user can open as a starting design. */
export interface TemplateInfo {
  id: string
  name: string
  year: number
  /** One line of history: what the network did and why it mattered. */
  story: string
  paper: PaperRef
  dataset: TemplateDataset
  /** A fresh design each call, so callers may mutate it. */
  build(): Design
  trainDefaults: TrainDefaults
}
