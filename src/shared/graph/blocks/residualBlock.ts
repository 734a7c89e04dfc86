import { z } from 'zod'
import { activation } from './activation'
import { add } from './add'
import { batchNorm } from './batchNorm'
import { channelPad } from './channelPad'
import { conv2d } from './conv2d'
import { maxPool2d } from './maxPool2d'
import { choice, flag, int } from './params'
import { defineComposite, type Builder, type Ref } from './spec'

export const SHORTCUTS = ['identity', 'zeroPad', 'projection', 'none'] as const
export type Shortcut = (typeof SHORTCUTS)[number]

/** The params a residual block and a stage share. */
export const residualFields = {
  variant: choice(
    ['basic', 'bottleneck'],
    'basic',
    'basic: two 3×3 convs; bottleneck: 1×1 reduce, 3×3, 1×1 expand to 4× filters',
  ),
  filters: int(64, 1, 4096, 'Width of the 3×3 convs (bottleneck: output is 4× this)'),
  stride: int(1, 1, 4, 'Downsampling of the block (2 halves height and width)'),
  shortcut: choice(
    SHORTCUTS,
    'identity',
    'identity: x itself; zeroPad: subsample and pad channels with zeros (option A); projection: 1×1 conv (option B); none: the plain twin, no shortcut',
  ),
  batchNorm: flag(true, 'Batch norm after every conv (the convs then have no bias)'),
}

const residualParams = z.object(residualFields)
export type ResidualParams = z.output<typeof residualParams>

/**
 * One residual block, after He et al. 2015. The bottleneck downsamples in its 3×3 conv
 * (as torchvision's ResNet v1.5 does); parameter counts are the same either way.
 */
export function buildResidual(p: ResidualParams, b: Builder, x: Ref): Ref {
  const out = p.variant === 'basic' ? p.filters : 4 * p.filters
  const convBn = (name: string, filters: number, kernel: number, stride: number, from: Ref) => {
    const [convName, bnName] =
      name === 'shortcut' ? ['shortcut_conv', 'shortcut_bn'] : [`conv${name}`, `bn${name}`]
    const y = b.layer(conv2d, convName, { filters, kernel, stride, useBias: !p.batchNorm }, [from])
    return p.batchNorm ? b.layer(batchNorm, bnName, {}, [y]) : y
  }
  const relu = (name: string, from: Ref) => b.layer(activation, name, { fn: 'relu' }, [from])

  let y: Ref
  if (p.variant === 'basic') {
    y = relu('relu1', convBn('1', p.filters, 3, p.stride, x))
    y = convBn('2', p.filters, 3, 1, y)
  } else {
    y = relu('relu1', convBn('1', p.filters, 1, 1, x))
    y = relu('relu2', convBn('2', p.filters, 3, p.stride, y))
    y = convBn('3', out, 1, 1, y)
  }
  if (p.shortcut === 'none') return relu('relu', y)
  const sum = b.layer(add, 'add', {}, [y, shortcut(p, b, x, out, convBn)])
  return relu('relu', sum)
}

function shortcut(
  p: ResidualParams,
  b: Builder,
  x: Ref,
  out: number,
  convBn: (name: string, filters: number, kernel: number, stride: number, from: Ref) => Ref,
): Ref {
  switch (p.shortcut) {
    case 'identity':
    case 'none':
      return x
    case 'projection':
      return convBn('shortcut', out, 1, p.stride, x)
    case 'zeroPad': {
      // A 1×1 max pool with stride s picks every s-th pixel: the paper's subsampling.
      const sub =
        p.stride > 1 ? b.layer(maxPool2d, 'shortcut_pool', { pool: 1, stride: p.stride }, [x]) : x
      return b.layer(channelPad, 'shortcut_pad', { channels: out }, [sub])
    }
  }
}

export const residualBlock = defineComposite({
  kind: 'residualBlock',
  label: 'Residual block',
  category: 'composite',
  description: 'Two or three convs whose output is added to a shortcut of the input (ResNet).',
  params: residualParams,
  ports: { inputs: 1 },
  build: buildResidual,
})
