import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** An element-wise nonlinearity; leaky ReLU and ELU carry their `alpha`. */
export const activation: Builder<'activation'> = (node, inputs) => {
  const p = node.params
  const x = single(node, inputs)
  switch (p.fn) {
    case 'leakyRelu':
      return applyTo(tfl.layers.leakyReLU({ name: node.name, alpha: p.alpha }), x)
    case 'elu':
      return applyTo(tfl.layers.elu({ name: node.name, alpha: p.alpha }), x)
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
    case 'linear':
      return applyTo(tfl.layers.activation({ name: node.name, activation: p.fn }), x)
    default:
      throw new Error(`${node.name}: unknown activation '${String(p.fn satisfies never)}'`)
  }
}
