import * as tfl from '@tensorflow/tfjs-layers'
import type { PoolParams } from './poolParams'
import { type Builder, applyTo, paramsOf, single } from './types'

/** Average pooling over `pool × pool` windows. */
export const avgPool2d: Builder = (node, inputs) => {
  const p = paramsOf<PoolParams>(node)
  const layer = tfl.layers.averagePooling2d({ name: node.name, poolSize: p.pool, strides: p.stride, padding: p.padding })
  return applyTo(layer, single(node, inputs))
}
