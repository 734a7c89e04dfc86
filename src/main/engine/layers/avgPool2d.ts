import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** Average pooling over `pool × pool` windows. */
export const avgPool2d: Builder<'avgPool2d'> = (node, inputs) => {
  const p = node.params
  const layer = tfl.layers.averagePooling2d({
    name: node.name,
    poolSize: p.pool,
    strides: p.stride,
    padding: p.padding,
  })
  return applyTo(layer, single(node, inputs))
}
