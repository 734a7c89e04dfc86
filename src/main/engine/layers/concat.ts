import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo } from './types'

/** Joins its inputs along the channel axis, in port order. */
export const concat: Builder<'concat'> = (node, inputs) => {
  if (inputs.length < 2)
    throw new Error(`${node.name}: concat needs at least two inputs, got ${inputs.length}`)
  return applyTo(tfl.layers.concatenate({ name: node.name, axis: -1 }), inputs)
}
