import { z } from 'zod'
import { channels, cost, ok } from './common'
import { flag, real } from './params'
import { definePrimitive } from './spec'

export const batchNorm = definePrimitive({
  kind: 'batchNorm',
  label: 'Batch norm',
  category: 'normalisation',
  description: 'Normalises each channel over the batch, then scales and shifts it.',
  params: z.object({
    epsilon: real(1e-5, 1e-12, 1, 'Added to the variance to avoid dividing by zero'),
    momentum: real(0.9, 0, 1, 'Weight of the old value in the moving mean and variance'),
    center: flag(true, 'Learn an offset (beta) per channel'),
    scale: flag(true, 'Learn a scale (gamma) per channel'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []]) => ok(x),
  // Moving mean and variance are state, not weights: non-trainable.
  cost: ([x = []], _out, p) => {
    const c = channels(x)
    return cost((p.center ? c : 0) + (p.scale ? c : 0), 0, 2 * c)
  },
  window: () => 'pointwise',
})
