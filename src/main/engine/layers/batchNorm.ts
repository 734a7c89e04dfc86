import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, paramsOf, single } from './types'

interface BatchNormParams {
  epsilon: number
  momentum: number
  center: boolean
  scale: boolean
}

/** Batch normalisation over the channel axis (the last one, NHWC). */
export const batchNorm: Builder = (node, inputs) => {
  const p = paramsOf<BatchNormParams>(node)
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
