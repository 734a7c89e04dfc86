import { z } from 'zod'
import { ok } from './common'
import { real } from './params'
import { definePrimitive, ZERO_COST } from './spec'

export const dropout = definePrimitive({
  kind: 'dropout',
  label: 'Dropout',
  category: 'normalisation',
  description: 'Zeroes a random fraction of values while training, against overfitting.',
  params: z.object({
    rate: real(0.5, 0, 0.99, 'Fraction of values dropped'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []]) => ok(x),
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
