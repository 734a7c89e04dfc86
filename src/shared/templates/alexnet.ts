import { chain, convAct, fcDrop } from './layout'
import type { TemplateInfo } from './types'

const lrn: Record<string, unknown> = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }

/** AlexNet as one tower (the paper split it over two GPUs; the widths are the sums). */
export const alexnet: TemplateInfo = {
  id: 'alexnet',
  name: 'AlexNet',
  year: 2012,
  story:
    'Krizhevsky, Sutskever, Hinton: a deep ReLU convnet with dropout, trained on GPUs, halved the ImageNet error',
  paper: {
    authors: 'A. Krizhevsky, I. Sutskever, G. E. Hinton',
    title: 'ImageNet Classification with Deep Convolutional Neural Networks',
  },
  dataset: 'imagenet',
  build: () =>
    chain('AlexNet', [
      { id: 'input', kind: 'input', params: { height: 227, width: 227, channels: 3 } },
      ...convAct('conv1', { filters: 96, kernel: 11, stride: 4, padding: 'valid' }),
      { id: 'conv1_lrn', kind: 'lrn', params: lrn },
      { id: 'pool1', kind: 'maxPool2d', params: { pool: 3, stride: 2 } },
      ...convAct('conv2', { filters: 256, kernel: 5, padding: 'same' }),
      { id: 'conv2_lrn', kind: 'lrn', params: lrn },
      { id: 'pool2', kind: 'maxPool2d', params: { pool: 3, stride: 2 } },
      ...convAct('conv3', { filters: 384, kernel: 3, padding: 'same' }),
      ...convAct('conv4', { filters: 384, kernel: 3, padding: 'same' }),
      ...convAct('conv5', { filters: 256, kernel: 3, padding: 'same' }),
      { id: 'pool5', kind: 'maxPool2d', params: { pool: 3, stride: 2 } },
      { id: 'flatten', kind: 'flatten' },
      ...fcDrop('fc6', 4096, 0.5),
      ...fcDrop('fc7', 4096, 0.5),
      { id: 'output', kind: 'output', params: { classes: 1000 } },
    ]),
  // The paper: SGD, batch 128, momentum 0.9, weight decay 5e-4, lr 0.01 divided by 10 three
  // times when validation error stalled, ~90 epochs.
  trainDefaults: {
    optimizer: 'momentum',
    lr: 0.01,
    momentum: 0.9,
    weightDecay: 5e-4,
    batchSize: 128,
    epochs: 90,
    schedule: 'multiStep',
    milestones: [30, 60, 80],
    stepGamma: 0.1,
  },
}
