import { chain, convAct, fcDrop, type Layer } from './layout'
import type { TemplateInfo } from './types'

/** Conv widths per block, from the configurations A (11), D (16) and E (19) of the paper. */
const CONFIGS = {
  vgg11: [[64], [128], [256, 256], [512, 512], [512, 512]],
  vgg16: [
    [64, 64],
    [128, 128],
    [256, 256, 256],
    [512, 512, 512],
    [512, 512, 512],
  ],
  vgg19: [
    [64, 64],
    [128, 128],
    [256, 256, 256, 256],
    [512, 512, 512, 512],
    [512, 512, 512, 512],
  ],
} as const

type VggId = keyof typeof CONFIGS

function vggLayers(id: VggId): Layer[] {
  const layers: Layer[] = [
    { id: 'input', kind: 'input', params: { height: 224, width: 224, channels: 3 } },
  ]
  CONFIGS[id].forEach((block, b) => {
    block.forEach((filters, c) => {
      layers.push(...convAct(`conv${b + 1}_${c + 1}`, { filters, kernel: 3, padding: 'same' }))
    })
    layers.push({ id: `pool${b + 1}`, kind: 'maxPool2d', params: { pool: 2, stride: 2 } })
  })
  layers.push(
    { id: 'flatten', kind: 'flatten' },
    ...fcDrop('fc6', 4096, 0.5),
    ...fcDrop('fc7', 4096, 0.5),
    { id: 'output', kind: 'output', params: { classes: 1000 } },
  )
  return layers
}

function vgg(id: VggId, depth: number): TemplateInfo {
  const name = `VGG-${depth}`
  return {
    id,
    name,
    year: 2014,
    story: 'Simonyan & Zisserman: only 3×3 convs, stacked 11 to 19 layers deep — depth alone wins',
    paper: {
      authors: 'K. Simonyan, A. Zisserman',
      title: 'Very Deep Convolutional Networks for Large-Scale Image Recognition',
    },
    dataset: 'imagenet',
    build: () => chain(name, vggLayers(id)),
    // The paper: batch 256, momentum 0.9, weight decay 5e-4, lr 0.01 divided by 10 three
    // times on plateaus, 74 epochs.
    trainDefaults: {
      optimizer: 'momentum',
      lr: 0.01,
      momentum: 0.9,
      weightDecay: 5e-4,
      batchSize: 256,
      epochs: 74,
      schedule: 'multiStep',
      milestones: [30, 50, 65],
      stepGamma: 0.1,
    },
  }
}

export const vgg11 = vgg('vgg11', 11)
export const vgg16 = vgg('vgg16', 16)
export const vgg19 = vgg('vgg19', 19)
