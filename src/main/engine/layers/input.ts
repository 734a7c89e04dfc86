import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, paramsOf } from './types'

interface InputParams {
  height: number
  width: number
  channels: number
}

/** The model's input: one `[H, W, C]` image per example. */
export const input: Builder = (node) => {
  const p = paramsOf<InputParams>(node)
  return tfl.input({ shape: [p.height, p.width, p.channels], name: node.name })
}
