import type { Design } from '../graph/types'
import { templates, type TemplateInfo } from '../templates'
import {
  defaultMomentum,
  fillSettings,
  usesMomentum,
  type Hyperparameters,
  type Optimizer,
  type TrainSettings,
} from '../training/settings'

/** A complete training recipe as the train form edits it: the filled settings a run stores. */
export type Recipe = TrainSettings

/** The template a design was opened from, recognised by its name (templates name their designs). */
export function templateForDesign(design: Pick<Design, 'name'>): TemplateInfo | undefined {
  const name = design.name.replace(/ \(plain twin\)$/, '')
  return templates.find((t) => t.name === name)
}

/** The recipe the train form starts from for this design: its template's, else the defaults. */
export function defaultRecipe(design: Pick<Design, 'name'>): {
  recipe: Recipe
  source: string | null
} {
  const t = templateForDesign(design)
  return { recipe: fillSettings(t?.trainDefaults ?? {}), source: t?.name ?? null }
}

/** The recipe with another optimizer; one that reads momentum and had none gets its default. */
export function withOptimizer(r: Recipe, optimizer: Optimizer): Recipe {
  const momentum = usesMomentum(r.optimizer) && r.momentum > 0 ? r.momentum : undefined
  return fillSettings({ ...r, optimizer, momentum: momentum ?? defaultMomentum(optimizer) })
}

/** The hyperparameters `runs:start` takes for a form recipe: all of it, `limit` only when set. */
export function toHyperparameters(r: Recipe): Hyperparameters {
  const { limit, ...rest } = r
  return limit === undefined ? rest : { ...rest, limit }
}
