import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder } from './types'

/** The model's input: one `[H, W, C]` image per example. */
export const input: Builder<'input'> = (node) => {
  const p = node.params
  return tfl.input({ shape: [p.height, p.width, p.channels], name: node.name })
}
