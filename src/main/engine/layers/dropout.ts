import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/**
 * Drops a fraction `rate` of activations while training; identity at inference. No seed: tfjs
 * would reuse one seeded mask for every batch.
 */
export const dropout: Builder<'dropout'> = (node, inputs) => {
  const p = node.params
  return applyTo(tfl.layers.dropout({ name: node.name, rate: p.rate }), single(node, inputs))
}
