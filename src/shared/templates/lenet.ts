import { chain, convAct } from './layout'
import type { TemplateInfo } from './types'

/**
 * LeNet-5 on MNIST. The 1998 net read 32×32 images; on 28×28 MNIST the first conv pads
 * ('same') so C3, S4 and the 5×5 C5 see the sizes of the paper (10×10, 5×5, 1×1).
 *
 * The paper's squashing function is a scaled hyperbolic tangent (its appendix A), so the units
 * are tanh: with logistic sigmoids the net sits on a plateau near 10% for the first few hundred
 * steps, which is all a first run on a subset gets.
 */
export const lenet5: TemplateInfo = {
  id: 'lenet5',
  name: 'LeNet-5',
  year: 1998,
  story: 'LeCun et al.: conv + subsampling + FC, trained by backprop on handwritten digits',
  paper: {
    authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
    title: 'Gradient-Based Learning Applied to Document Recognition',
  },
  dataset: 'mnist',
  build: () =>
    chain('LeNet-5', [
      { id: 'input', kind: 'input', params: { height: 28, width: 28, channels: 1 } },
      ...convAct('c1', { filters: 6, kernel: 5, padding: 'same' }, 'tanh'),
      { id: 's2', kind: 'avgPool2d', params: { pool: 2, stride: 2 } },
      ...convAct('c3', { filters: 16, kernel: 5, padding: 'valid' }, 'tanh'),
      { id: 's4', kind: 'avgPool2d', params: { pool: 2, stride: 2 } },
      ...convAct('c5', { filters: 120, kernel: 5, padding: 'valid' }, 'tanh'),
      { id: 'flatten', kind: 'flatten' },
      { id: 'f6', kind: 'dense', params: { units: 84 } },
      { id: 'f6_tanh', kind: 'activation', params: { fn: 'tanh' } },
      { id: 'output', kind: 'output', params: { classes: 10 } },
    ]),
  // The paper trained with a diagonal Levenberg–Marquardt method; SGD with momentum is the
  // modern equivalent and brings the net near 99% within a few epochs.
  trainDefaults: {
    optimizer: 'momentum',
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 0,
    batchSize: 64,
    epochs: 10,
    schedule: 'constant',
  },
}
