import type { Analysis } from '../graph/analysis'
import type { Diagnostic } from '../graph/types'

/** What a dataset offers a design: one example's `[H, W, C]`, its class names, and its name. */
export interface DatasetShape {
  shape: readonly number[]
  classes: readonly string[]
  /** Words the problem ("MNIST's are 28×28×1"); without it, "this dataset's". */
  name?: string
}

export type Mismatch =
  | { kind: 'input-shape'; nodeId: string; expected: number[]; actual: number[]; message: string }
  | { kind: 'classes'; nodeId: string; expected: number; actual: number; message: string }
  | { kind: 'invalid'; message: string }

const dims = (s: readonly number[]): string => s.join('×')

/** Why the design cannot be trained on anything (its first error), null when it is valid. */
export function whyInvalid(analysis: Analysis): string | null {
  if (analysis.valid) return null
  const d: Diagnostic | undefined = analysis.diagnostics.find((x) => x.severity === 'error')
  return `The design cannot be trained: ${d?.message ?? 'it is not valid'}.`
}

/**
 * Why this design cannot train on this dataset as it is: invalid, an input shape that is not the
 * dataset's, or an output with another class count (a softmax over more classes than the data
 * has trains, but its accuracy and confusion matrix would mean nothing). Empty when it fits. The
 * train form, `runs:start`, the CLI and the trainer all refuse by this one check.
 */
export function fitProblems(analysis: Analysis, dataset: DatasetShape): Mismatch[] {
  const invalid = whyInvalid(analysis)
  if (invalid !== null) return [{ kind: 'invalid', message: invalid }]
  const theirs = dataset.name ? `${dataset.name}'s` : "this dataset's"
  const out: Mismatch[] = []
  const want = [...dataset.shape]
  const have = analysis.inputShape ? [...analysis.inputShape] : []
  if (dims(have) !== dims(want)) {
    out.push({
      kind: 'input-shape',
      nodeId: analysis.graph.inputId,
      expected: want,
      actual: have,
      message: `The design takes ${dims(have)} images; ${theirs} are ${dims(want)}.`,
    })
  }
  const classes = analysis.outputShape?.[0] ?? 0
  if (classes !== dataset.classes.length) {
    out.push({
      kind: 'classes',
      nodeId: analysis.graph.outputId,
      expected: dataset.classes.length,
      actual: classes,
      message: `The design predicts ${classes} classes; ${dataset.name ?? 'this dataset'} has ${dataset.classes.length}.`,
    })
  }
  return out
}
