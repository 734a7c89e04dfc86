import { z } from 'zod'
import { dilatedKernel } from '../shape'
import { channels, cost, fail, slide } from './common'
import { choice, flag, int } from './params'
import { definePrimitive } from './spec'

export const conv2d = definePrimitive({
  kind: 'conv2d',
  label: 'Conv 2D',
  category: 'layers',
  description: 'Slides learned filters over the feature map: the workhorse of a CNN.',
  params: z.object({
    filters: int(32, 1, 8192, 'Output channels: one per learned filter'),
    kernel: int(3, 1, 31, 'Filter size (square)', { unit: 'px' }),
    stride: int(1, 1, 16, 'Step between filter positions', { unit: 'px' }),
    padding: choice(
      ['same', 'valid', 'explicit'],
      'same',
      "same: output ceil(input / stride); valid: no padding; explicit: 'pad' zeros on each side",
    ),
    pad: int(0, 0, 64, 'Zeros added on every side', {
      unit: 'px',
      when: { padding: ['explicit'] },
    }),
    dilation: int(1, 1, 16, 'Spacing between filter taps (atrous convolution)'),
    useBias: flag(true, 'Learn one bias per filter (off when batch norm follows)'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []], p) => {
    if (p.stride > 1 && p.dilation > 1) {
      return fail('stride-and-dilation', 'stride and dilation cannot both exceed 1')
    }
    const k = dilatedKernel(p.kernel, p.dilation)
    const label = p.dilation > 1 ? `kernel ${p.kernel} (dilated ${k})` : `kernel ${k}`
    if (p.padding === 'explicit' && x.length === 3) {
      const [h = 0, w = 0, c = 0] = x
      const padded = [h + 2 * p.pad, w + 2 * p.pad, c]
      return slide(padded, k, p.stride, 'valid', p.filters, label, 'padded input')
    }
    return slide(x, k, p.stride, p.padding === 'same' ? 'same' : 'valid', p.filters, label)
  },
  cost: ([x = []], [oh = 0, ow = 0], p) => {
    const weights = p.kernel * p.kernel * channels(x) * p.filters
    return cost(weights + (p.useBias ? p.filters : 0), weights * oh * ow)
  },
  window: (p) => ({ kernel: dilatedKernel(p.kernel, p.dilation), stride: p.stride }),
})
