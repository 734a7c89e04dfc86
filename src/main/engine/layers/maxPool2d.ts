import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** Max pooling over `pool × pool` windows. */
export const maxPool2d: Builder<'maxPool2d'> = (node, inputs) => {
  const p = node.params
  const layer = tfl.layers.maxPooling2d({
    name: node.name,
    poolSize: p.pool,
    strides: p.stride,
    padding: p.padding,
  })
  return applyTo(layer, single(node, inputs))
}
