import { chain, type Layer } from './layout'
import type { TemplateInfo } from './types'

/** n blocks per stage: depth = 6n + 2. */
const DEPTHS = [20, 32, 56, 110] as const
type Depth = (typeof DEPTHS)[number]

const WIDTHS = [16, 32, 64] as const

function cifarLayers(depth: Depth, residual: boolean): Layer[] {
  const n = (depth - 2) / 6
  const stages: Layer[] = WIDTHS.map((filters, s) => ({
    id: `stage${s + 1}`,
    kind: 'stage',
    params: {
      variant: 'basic',
      filters,
      blocks: n,
      stride: s === 0 ? 1 : 2,
      // Option A of the paper: when the width doubles, the shortcut subsamples and pads the
      // new channels with zeros, so the residual net has exactly the plain net's parameters.
      shortcut: !residual ? 'none' : s === 0 ? 'identity' : 'zeroPad',
      batchNorm: true,
    },
  }))
  return [
    { id: 'input', kind: 'input', params: { height: 32, width: 32, channels: 3 } },
    {
      id: 'conv1',
      kind: 'conv2d',
      params: { filters: 16, kernel: 3, padding: 'same', useBias: false },
    },
    { id: 'bn1', kind: 'batchNorm' },
    { id: 'relu1', kind: 'activation', params: { fn: 'relu' } },
    ...stages,
    { id: 'gap', kind: 'globalAvgPool' },
    { id: 'output', kind: 'output', params: { classes: 10 } },
  ]
}

// The paper's CIFAR-10 recipe: batch 128, momentum 0.9, weight decay 1e-4, lr 0.1 divided by
// 10 at 32k and 48k iterations, stopped at 64k (≈ epochs 82, 123 and 164 of 391 batches).
const cifarDefaults: TemplateInfo['trainDefaults'] = {
  optimizer: 'momentum',
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 1e-4,
  batchSize: 128,
  epochs: 164,
  schedule: 'multiStep',
  milestones: [82, 123],
  stepGamma: 0.1,
}

const paper = {
  authors: 'K. He, X. Zhang, S. Ren, J. Sun',
  title: 'Deep Residual Learning for Image Recognition',
}

function cifarNet(depth: Depth, residual: boolean): TemplateInfo {
  const name = residual ? `ResNet-${depth} (CIFAR)` : `Plain-${depth} (CIFAR)`
  return {
    id: `cifar-${residual ? 'resnet' : 'plain'}${depth}`,
    name,
    year: 2015,
    story: residual
      ? `He et al.: the ${depth}-layer CIFAR residual net — deeper keeps getting better with shortcuts`
      : `He et al.: the ${depth}-layer plain twin — without shortcuts, deeper trains worse (the degradation problem)`,
    paper,
    dataset: 'cifar10',
    build: () => chain(name, cifarLayers(depth, residual)),
    trainDefaults: cifarDefaults,
  }
}

export const cifarResnets = DEPTHS.map((depth) => cifarNet(depth, true))
export const cifarPlains = DEPTHS.map((depth) => cifarNet(depth, false))
