import { chain, type Layer } from './layout'
import type { TemplateInfo } from './types'

interface ResNetConfig {
  variant: 'basic' | 'bottleneck'
  /** Blocks per stage (conv2_x … conv5_x in the paper's Table 1). */
  blocks: [number, number, number, number]
}

const CONFIGS: Record<number, ResNetConfig> = {
  18: { variant: 'basic', blocks: [2, 2, 2, 2] },
  34: { variant: 'basic', blocks: [3, 4, 6, 3] },
  50: { variant: 'bottleneck', blocks: [3, 4, 6, 3] },
  101: { variant: 'bottleneck', blocks: [3, 4, 23, 3] },
  152: { variant: 'bottleneck', blocks: [3, 8, 36, 3] },
}

const WIDTHS = [64, 128, 256, 512] as const

function resnetLayers(depth: number): Layer[] {
  const { variant, blocks } = CONFIGS[depth]!
  const stages: Layer[] = blocks.map((count, s) => ({
    id: `stage${s + 1}`,
    kind: 'stage',
    label: `conv${s + 2}_x`,
    params: {
      variant,
      filters: WIDTHS[s],
      blocks: count,
      stride: s === 0 ? 1 : 2,
      // A projection wherever the first block changes the shape: every stage but the first
      // of a basic net (64 → 64 at stride 1); a bottleneck's first stage widens 64 → 256.
      shortcut: s === 0 && variant === 'basic' ? 'identity' : 'projection',
      batchNorm: true,
    },
  }))
  return [
    { id: 'input', kind: 'input', params: { height: 224, width: 224, channels: 3 } },
    {
      id: 'conv1',
      kind: 'conv2d',
      params: { filters: 64, kernel: 7, stride: 2, padding: 'same', useBias: false },
    },
    { id: 'bn1', kind: 'batchNorm' },
    { id: 'relu1', kind: 'activation', params: { fn: 'relu' } },
    { id: 'pool1', kind: 'maxPool2d', params: { pool: 3, stride: 2, padding: 'same' } },
    ...stages,
    { id: 'gap', kind: 'globalAvgPool' },
    { id: 'output', kind: 'output', params: { classes: 1000 } },
  ]
}

function resnet(depth: number): TemplateInfo {
  const name = `ResNet-${depth}`
  return {
    id: `resnet${depth}`,
    name,
    year: 2015,
    story:
      depth >= 50
        ? 'He et al.: bottleneck residual blocks (1×1 → 3×3 → 1×1) make 50–152-layer nets train — ILSVRC 2015 winner'
        : 'He et al.: identity shortcuts let a deep stack learn residuals, so adding layers no longer hurts',
    paper: {
      authors: 'K. He, X. Zhang, S. Ren, J. Sun',
      title: 'Deep Residual Learning for Image Recognition',
    },
    dataset: 'imagenet',
    build: () => chain(name, resnetLayers(depth)),
    // The paper: batch 256, momentum 0.9, weight decay 1e-4, lr 0.1 divided by 10 on
    // plateaus; the common recipe fixes the drops at epochs 30 and 60 of 90.
    trainDefaults: {
      optimizer: 'momentum',
      lr: 0.1,
      momentum: 0.9,
      weightDecay: 1e-4,
      batchSize: 256,
      epochs: 90,
      schedule: 'multiStep',
      milestones: [30, 60],
      stepGamma: 0.1,
    },
  }
}

export const resnet18 = resnet(18)
export const resnet34 = resnet(34)
export const resnet50 = resnet(50)
export const resnet101 = resnet(101)
export const resnet152 = resnet(152)
