import { z } from 'zod'
import { isFeatureMap } from '../shape'
import { needsFeatureMap, ok } from './common'
import { definePrimitive, ZERO_COST } from './spec'

export const globalAvgPool = definePrimitive({
  kind: 'globalAvgPool',
  label: 'Global average pool',
  category: 'pooling',
  description: 'Averages each channel over the whole map: H×W×C becomes C.',
  params: z.object({}),
  ports: { inputs: 1 },
  inferShape: ([x = []]) => (isFeatureMap(x) ? ok([x[2]]) : needsFeatureMap(x)),
  cost: () => ZERO_COST,
  window: () => 'global',
})
