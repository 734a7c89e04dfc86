import { definePrimitive } from './spec'
import { poolCost, poolParams, poolShape, poolWindow } from './pooling'

export const avgPool2d = definePrimitive({
  kind: 'avgPool2d',
  label: 'Average pool',
  category: 'pooling',
  description: 'Averages each window: downsamples smoothly (LeNet-5 subsampling).',
  params: poolParams,
  ports: { inputs: 1 },
  inferShape: poolShape,
  cost: poolCost,
  window: poolWindow,
})
