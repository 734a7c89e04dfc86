import * as tfl from '@tensorflow/tfjs-layers'
import { InputConv2D, needsNoGradient } from './inputConv2d'
import { type Builder, applyTo, single } from './types'

/** A 2-D convolution; explicit padding becomes a zero-padding layer before a 'valid' conv. */
export const conv2d: Builder<'conv2d'> = (node, inputs, ctx) => {
  const p = node.params
  let x = single(node, inputs)
  if (p.padding === 'explicit' && p.pad > 0) {
    x = applyTo(tfl.layers.zeroPadding2d({ padding: p.pad, name: `${node.name}_pad` }), x)
  }
  const args = {
    name: node.name,
    filters: p.filters,
    kernelSize: p.kernel,
    strides: p.stride,
    padding: p.padding === 'same' ? ('same' as const) : ('valid' as const),
    dilationRate: p.dilation,
    useBias: p.useBias,
    kernelInitializer: ctx.kernelInitializer(node),
  }
  // A conv fed by the image alone skips the input gradient tfjs's fused conv always computes.
  const conv = needsNoGradient(x) ? new InputConv2D(args) : tfl.layers.conv2d(args)
  return applyTo(conv, x)
}
