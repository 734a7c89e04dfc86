import { chain, convAct, type Layer } from './layout'
import type { TemplateInfo } from './types'

/** The six widths of each module, from Table 1 of the paper: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj. */
const MODULES: Record<string, [number, number, number, number, number, number]> = {
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
}

const lrn: Record<string, unknown> = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }

function inception(name: string): Layer {
  const [b1x1, b3x3reduce, b3x3, b5x5reduce, b5x5, poolProj] = MODULES[name]!
  return {
    id: `inception_${name}`,
    kind: 'inceptionModule',
    params: { b1x1, b3x3reduce, b3x3, b5x5reduce, b5x5, poolProj },
    label: `inception (${name})`,
  }
}

/** 3×3 max pool, stride 2, that halves the grid between the module groups. */
function pool(id: string): Layer {
  return { id, kind: 'maxPool2d', params: { pool: 3, stride: 2, padding: 'same' } }
}

/** GoogLeNet (Inception v1) without the two auxiliary classifiers, which only help training. */
export const googlenet: TemplateInfo = {
  id: 'googlenet',
  name: 'GoogLeNet',
  year: 2014,
  story:
    'Szegedy et al.: inception modules of parallel 1×1/3×3/5×5 convs with 1×1 reductions — 22 layers, 12× fewer parameters than AlexNet',
  paper: {
    authors:
      'C. Szegedy, W. Liu, Y. Jia, P. Sermanet, S. Reed, D. Anguelov, D. Erhan, V. Vanhoucke, A. Rabinovich',
    title: 'Going Deeper with Convolutions',
  },
  dataset: 'imagenet',
  build: () =>
    chain('GoogLeNet', [
      { id: 'input', kind: 'input', params: { height: 224, width: 224, channels: 3 } },
      ...convAct('conv1', { filters: 64, kernel: 7, stride: 2, padding: 'same' }),
      pool('pool1'),
      { id: 'pool1_lrn', kind: 'lrn', params: lrn },
      ...convAct('conv2_reduce', { filters: 64, kernel: 1 }),
      ...convAct('conv2', { filters: 192, kernel: 3, padding: 'same' }),
      { id: 'conv2_lrn', kind: 'lrn', params: lrn },
      pool('pool2'),
      inception('3a'),
      inception('3b'),
      pool('pool3'),
      inception('4a'),
      inception('4b'),
      inception('4c'),
      inception('4d'),
      inception('4e'),
      pool('pool4'),
      inception('5a'),
      inception('5b'),
      { id: 'gap', kind: 'globalAvgPool' },
      { id: 'dropout', kind: 'dropout', params: { rate: 0.4 } },
      { id: 'output', kind: 'output', params: { classes: 1000 } },
    ]),
  // The paper: asynchronous SGD, momentum 0.9, lr decreased by 4% every 8 epochs. It gives no
  // initial rate or batch size; these are the usual single-machine choices.
  trainDefaults: {
    optimizer: 'momentum',
    lr: 0.01,
    momentum: 0.9,
    weightDecay: 2e-4,
    batchSize: 128,
    epochs: 250,
    schedule: 'step',
    stepEvery: 8,
    stepGamma: 0.96,
  },
}
