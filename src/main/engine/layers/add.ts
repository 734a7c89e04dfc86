import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo } from './types'

/** The element-wise sum of inputs of one shape (a residual join). */
export const add: Builder<'add'> = (node, inputs) => {
  if (inputs.length < 2)
    throw new Error(`${node.name}: add needs at least two inputs, got ${inputs.length}`)
  return applyTo(tfl.layers.add({ name: node.name }), inputs)
}
