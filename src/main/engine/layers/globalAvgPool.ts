import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** The mean of each channel over the whole feature map: `[H, W, C] → [C]`. */
export const globalAvgPool: Builder<'globalAvgPool'> = (node, inputs) =>
  applyTo(tfl.layers.globalAveragePooling2d({ name: node.name }), single(node, inputs))
