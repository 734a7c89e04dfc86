import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** `[H, W, C] → [H·W·C]` in NHWC order. */
export const flatten: Builder<'flatten'> = (node, inputs) =>
  applyTo(tfl.layers.flatten({ name: node.name }), single(node, inputs))
