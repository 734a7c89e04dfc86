import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/**
 * `[H, W, C] → [H·W·C]` in NHWC order. A vector is already flat: tfjs's Flatten refuses one, so
 * it goes through a Reshape to itself (a layer of the node's name all the same).
 */
export const flatten: Builder<'flatten'> = (node, inputs) => {
  const x = single(node, inputs)
  const [, ...features] = x.shape
  if (features.length === 1 && typeof features[0] === 'number') {
    return applyTo(tfl.layers.reshape({ name: node.name, targetShape: [features[0]] }), x)
  }
  return applyTo(tfl.layers.flatten({ name: node.name }), x)
}
