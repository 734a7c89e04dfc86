import { z } from 'zod'
import { shapeSize } from '../shape'
import { ok } from './common'
import { definePrimitive, ZERO_COST } from './spec'

export const flatten = definePrimitive({
  kind: 'flatten',
  label: 'Flatten',
  category: 'layers',
  description: 'Unrolls the feature map into one vector for dense layers.',
  params: z.object({}),
  ports: { inputs: 1 },
  inferShape: ([x = []]) => ok([shapeSize(x)]),
  cost: () => ZERO_COST,
  window: () => 'global',
})
