import { analyze } from '../graph/analyze'
import type { Design, Diagnostic } from '../graph/types'

/** What a dataset offers a design: one example's `[H, W, C]` and its class names. */
export interface DatasetShape {
  shape: readonly number[]
  classes: readonly string[]
}

export type Mismatch =
  | { kind: 'input-shape'; nodeId: string; expected: number[]; actual: number[]; message: string }
  | { kind: 'classes'; nodeId: string; expected: number; actual: number; message: string }
  | { kind: 'invalid'; message: string }

const dims = (s: readonly number[]): string => s.join('×')

/**
 * Why this design cannot train on this dataset as it is: invalid, an input shape that is not
 * the dataset's, or an output with another class count. Empty when it fits.
 */
export function checkFit(design: Design, dataset: DatasetShape): Mismatch[] {
  const a = analyze(design)
  if (!a.valid) {
    const d: Diagnostic | undefined = a.diagnostics.find((x) => x.severity === 'error')
    return [
      { kind: 'invalid', message: `The design has an error: ${d?.message ?? 'it is not valid'}.` },
    ]
  }
  const out: Mismatch[] = []
  const input = design.nodes.find((n) => n.kind === 'input')
  const output = design.nodes.find((n) => n.kind === 'output')
  const want = [...dataset.shape]
  const have = a.inputShape ? [...a.inputShape] : []
  if (input && dims(have) !== dims(want)) {
    out.push({
      kind: 'input-shape',
      nodeId: input.id,
      expected: want,
      actual: have,
      message: `The design takes ${dims(have)} images; this dataset's are ${dims(want)}.`,
    })
  }
  const classes = a.outputShape?.[0] ?? 0
  if (output && classes !== dataset.classes.length) {
    out.push({
      kind: 'classes',
      nodeId: output.id,
      expected: dataset.classes.length,
      actual: classes,
      message: `The design predicts ${classes} classes; this dataset has ${dataset.classes.length}.`,
    })
  }
  return out
}

export type AdaptResult =
  { ok: true; design: Design; changed: string[] } | { ok: false; design: Design; error: string }

/**
 * Sets the input node to the dataset's image shape and the output node to its class count.
 * The result is analysed again: a design that cannot take the new size (a kernel larger than
 * the shrunk feature map…) is returned with the reason, so the caller can say it and keep the old one.
 */
export function adaptToDataset(design: Design, dataset: DatasetShape): AdaptResult {
  const [height, width, channels] = dataset.shape
  if (
    height === undefined ||
    width === undefined ||
    channels === undefined ||
    dataset.shape.length !== 3
  ) {
    return {
      ok: false,
      design,
      error: `A dataset shape must be height×width×channels (got ${dims(dataset.shape)}).`,
    }
  }
  const changed: string[] = []
  const nodes = design.nodes.map((n) => {
    if (
      n.kind === 'input' &&
      (n.params.height !== height || n.params.width !== width || n.params.channels !== channels)
    ) {
      changed.push(n.id)
      return { ...n, params: { ...n.params, height, width, channels } }
    }
    if (n.kind === 'output' && n.params.classes !== dataset.classes.length) {
      changed.push(n.id)
      return { ...n, params: { ...n.params, classes: dataset.classes.length } }
    }
    return n
  })
  const adapted = { ...design, nodes }
  const a = analyze(adapted)
  if (!a.valid) {
    const d = a.diagnostics.find((x) => x.severity === 'error')
    return {
      ok: false,
      design: adapted,
      error: `Adapted to ${dims(dataset.shape)}, the design breaks: ${d?.message ?? 'it is not valid'}.`,
    }
  }
  return { ok: true, design: adapted, changed }
}
