import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** Zeros around the feature map, each side on its own. */
export const zeroPad2d: Builder<'zeroPad2d'> = (node, inputs) => {
  const p = node.params
  const layer = tfl.layers.zeroPadding2d({
    name: node.name,
    padding: [
      [p.top, p.bottom],
      [p.left, p.right],
    ],
  })
  return applyTo(layer, single(node, inputs))
}
