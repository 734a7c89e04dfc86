import { analyze } from '../graph/analyze'
import type { Design } from '../graph/types'
import type { DatasetShape } from './fit'

const dims = (s: readonly number[]): string => s.join('×')

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
