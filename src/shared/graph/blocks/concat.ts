import { z } from 'zod'
import { formatShape } from '../shape'
import { channels, fail, ok } from './common'
import { definePrimitive, ZERO_COST } from './spec'

export const concat = definePrimitive({
  kind: 'concat',
  label: 'Concatenate',
  category: 'merge',
  description: 'Stacks its inputs along the channel axis (inception branches).',
  params: z.object({}),
  ports: { inputs: 2, variadic: true },
  inferShape: (inputs) => {
    const [first = []] = inputs
    let total = 0
    for (const x of inputs) {
      if (x.length !== first.length || x.slice(0, -1).some((d, i) => d !== first[i])) {
        const what = x.length === first.length ? 'spatial size' : 'rank'
        return fail(
          'concat-shape-mismatch',
          `inputs ${formatShape(first)} and ${formatShape(x)} differ in ${what}`,
        )
      }
      total += channels(x)
    }
    return ok([...first.slice(0, -1), total])
  },
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
