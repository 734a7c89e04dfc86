import { TrainingBatchNorm } from './trainingBatchNorm'
import { type Builder, applyTo, single } from './types'

/** Batch normalisation over the channel axis (the last one, NHWC). */
export const batchNorm: Builder<'batchNorm'> = (node, inputs) => {
  const p = node.params
  // Stock weights and config; its training pass is one op with a closed-form gradient.
  const layer = new TrainingBatchNorm({
    name: node.name,
    axis: -1,
    epsilon: p.epsilon,
    momentum: p.momentum,
    center: p.center,
    scale: p.scale,
  })
  return applyTo(layer, single(node, inputs))
}
