import { z } from 'zod'
import { ok } from './common'
import { choice, real } from './params'
import { definePrimitive, ZERO_COST } from './spec'

export const ACTIVATIONS = [
  'relu',
  'sigmoid',
  'tanh',
  'elu',
  'leakyRelu',
  'softmax',
  'linear',
] as const

export const activation = definePrimitive({
  kind: 'activation',
  label: 'Activation',
  category: 'activations',
  description: 'An element-wise nonlinearity (ReLU, sigmoid, tanh …) or softmax.',
  params: z.object({
    fn: choice(ACTIVATIONS, 'relu', 'The function applied to every value'),
    alpha: real(0.2, 0, 10, 'Negative slope (leaky ReLU) or saturation (ELU)', {
      when: { fn: ['leakyRelu', 'elu'] },
    }),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []]) => ok(x),
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
