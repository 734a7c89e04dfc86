import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** A 2-D convolution; explicit padding becomes a zero-padding layer before a 'valid' conv. */
export const conv2d: Builder<'conv2d'> = (node, inputs, ctx) => {
  const p = node.params
  let x = single(node, inputs)
  if (p.padding === 'explicit' && p.pad > 0) {
    x = applyTo(tfl.layers.zeroPadding2d({ padding: p.pad, name: `${node.name}_pad` }), x)
  }
  const conv = tfl.layers.conv2d({
    name: node.name,
    filters: p.filters,
    kernelSize: p.kernel,
    strides: p.stride,
    padding: p.padding === 'same' ? 'same' : 'valid',
    dilationRate: p.dilation,
    useBias: p.useBias,
    kernelInitializer: ctx.kernelInitializer(node),
  })
  return applyTo(conv, x)
}
