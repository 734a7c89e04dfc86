import { z } from 'zod'
import { channels, cost, needsFlatten, ok } from './common'
import { flag, int } from './params'
import { definePrimitive } from './spec'

export const dense = definePrimitive({
  kind: 'dense',
  label: 'Dense',
  category: 'layers',
  description: 'Fully connected layer: every input feeds every unit.',
  params: z.object({
    units: int(128, 1, 65536, 'Output units'),
    useBias: flag(true, 'Learn one bias per unit'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []], p) => (x.length === 1 ? ok([p.units]) : needsFlatten(x)),
  cost: ([x = []], _out, p) => {
    const weights = channels(x) * p.units
    return cost(weights + (p.useBias ? p.units : 0), weights)
  },
  window: () => 'pointwise',
})
