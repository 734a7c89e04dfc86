import { z } from 'zod'
import { ok } from './common'
import { int } from './params'
import { definePrimitive, ZERO_COST } from './spec'

export const input = definePrimitive({
  kind: 'input',
  label: 'Input',
  category: 'io',
  description: 'The image fed to the network: height × width × channels.',
  params: z.object({
    height: int(28, 1, 4096, 'Image height', { unit: 'px' }),
    width: int(28, 1, 4096, 'Image width', { unit: 'px' }),
    channels: int(1, 1, 4096, 'Colour channels (1 grey, 3 RGB)'),
  }),
  ports: { inputs: 0 },
  inferShape: (_inputs, p) => ok([p.height, p.width, p.channels]),
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
