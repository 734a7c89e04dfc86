import { z } from 'zod'
import { channels, cost, needsFlatten, ok } from './common'
import { int } from './params'
import { definePrimitive } from './spec'

export const output = definePrimitive({
  kind: 'output',
  label: 'Output',
  category: 'io',
  description: 'Class scores: a dense layer to one unit per class, softmax, cross-entropy loss.',
  params: z.object({
    classes: int(10, 2, 100000, 'Number of classes'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []], p) => (x.length === 1 ? ok([p.classes]) : needsFlatten(x)),
  cost: ([x = []], _out, p) => {
    const weights = channels(x) * p.classes
    return cost(weights + p.classes, weights)
  },
  window: () => 'pointwise',
})
