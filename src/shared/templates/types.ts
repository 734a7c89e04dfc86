import type { Design } from '../graph/types'
import type { Hyperparameters } from '../training/settings'

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
  /** The recipe it suggests, taken from its paper where the paper gives one. */
  trainDefaults: Hyperparameters
}
