import { z } from 'zod'
import { isFeatureMap } from '../shape'
import { needsFeatureMap, ok } from './common'
import { int, real } from './params'
import { definePrimitive, ZERO_COST } from './spec'

export const lrn = definePrimitive({
  kind: 'lrn',
  label: 'Local response norm',
  category: 'normalisation',
  description: "Normalises each value by its neighbours across channels (AlexNet's LRN).",
  params: z.object({
    size: int(5, 1, 31, 'Channels in the normalisation window'),
    alpha: real(1e-4, 0, 10, 'Scale of the sum of squares'),
    beta: real(0.75, 0, 10, 'Exponent'),
    k: real(2, 0, 100, 'Bias added before the exponent'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []]) => (isFeatureMap(x) ? ok(x) : needsFeatureMap(x)),
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
