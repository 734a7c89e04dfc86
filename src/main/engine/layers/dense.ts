import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** A fully connected layer on a 1-D input. */
export const dense: Builder<'dense'> = (node, inputs, ctx) => {
  const p = node.params
  const layer = tfl.layers.dense({
    name: node.name,
    units: p.units,
    useBias: p.useBias,
    kernelInitializer: ctx.kernelInitializer(node),
  })
  return applyTo(layer, single(node, inputs))
}
