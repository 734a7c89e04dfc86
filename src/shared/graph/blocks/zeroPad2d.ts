import { z } from 'zod'
import { isFeatureMap } from '../shape'
import { needsFeatureMap, ok } from './common'
import { int } from './params'
import { definePrimitive, ZERO_COST } from './spec'

const side = (name: string) =>
  int(1, 0, 256, `Rows or columns of zeros added at the ${name}`, { unit: 'px' })

export const zeroPad2d = definePrimitive({
  kind: 'zeroPad2d',
  label: 'Zero padding',
  category: 'layers',
  description: 'Adds rows and columns of zeros around the feature map.',
  params: z.object({
    top: side('top'),
    bottom: side('bottom'),
    left: side('left'),
    right: side('right'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []], p) =>
    isFeatureMap(x)
      ? ok([x[0] + p.top + p.bottom, x[1] + p.left + p.right, x[2]])
      : needsFeatureMap(x),
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
