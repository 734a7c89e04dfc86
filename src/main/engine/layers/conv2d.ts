import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, paramsOf, single } from './types'

interface Conv2dParams {
  filters: number
  kernel: number
  stride: number
  padding: 'same' | 'valid' | 'explicit'
  pad: number
  dilation: number
  useBias: boolean
}

/** A 2-D convolution; explicit padding becomes a zero-padding layer before a 'valid' conv. */
export const conv2d: Builder = (node, inputs, ctx) => {
  const p = paramsOf<Conv2dParams>(node)
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
    kernelInitializer: tfl.initializers.heNormal({ seed: ctx.seedFor(node.name) }),
  })
  return applyTo(conv, x)
}
