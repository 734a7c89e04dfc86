import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, paramsOf, single } from './types'

interface ZeroPadParams {
  top: number
  bottom: number
  left: number
  right: number
}

/** Zeros around the feature map, each side on its own. */
export const zeroPad2d: Builder = (node, inputs) => {
  const p = paramsOf<ZeroPadParams>(node)
  const layer = tfl.layers.zeroPadding2d({
    name: node.name,
    padding: [
      [p.top, p.bottom],
      [p.left, p.right],
    ],
  })
  return applyTo(layer, single(node, inputs))
}
