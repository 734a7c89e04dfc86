import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** Batch normalisation over the channel axis (the last one, NHWC). */
export const batchNorm: Builder<'batchNorm'> = (node, inputs) => {
  const p = node.params
  const layer = tfl.layers.batchNormalization({
    name: node.name,
    axis: -1,
    epsilon: p.epsilon,
    momentum: p.momentum,
    center: p.center,
    scale: p.scale,
  })
  return applyTo(layer, single(node, inputs))
}
