import { definePrimitive } from './spec'
import { poolCost, poolParams, poolShape, poolWindow } from './pooling'

export const maxPool2d = definePrimitive({
  kind: 'maxPool2d',
  label: 'Max pool',
  category: 'pooling',
  description:
    'Keeps the largest value of each window: downsamples and adds a little translation invariance.',
  params: poolParams,
  ports: { inputs: 1 },
  inferShape: poolShape,
  cost: poolCost,
  window: poolWindow,
})
