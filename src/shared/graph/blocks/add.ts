import { z } from 'zod'
import { formatShape, sameShape } from '../shape'
import { fail, ok } from './common'
import { definePrimitive, ZERO_COST } from './spec'

export const add = definePrimitive({
  kind: 'add',
  label: 'Add',
  category: 'merge',
  description: 'Sums inputs of one shape element-wise (residual shortcuts).',
  params: z.object({}),
  ports: { inputs: 2, variadic: true },
  inferShape: (inputs) => {
    const [first = []] = inputs
    const other = inputs.find((x) => !sameShape(x, first))
    if (other) {
      return fail(
        'add-shape-mismatch',
        `inputs ${formatShape(first)} and ${formatShape(other)} differ`,
      )
    }
    return ok(first)
  },
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
