import { z } from 'zod'
import { channels, fail, ok } from './common'
import { int } from './params'
import { definePrimitive, ZERO_COST } from './spec'

/** Zero channels appended: ResNet's parameter-free shortcut (option A) when the width grows. */
export const channelPad = definePrimitive({
  kind: 'channelPad',
  label: 'Channel padding',
  category: 'layers',
  description: 'Appends zero-valued channels up to a width (the parameter-free ResNet shortcut).',
  params: z.object({
    channels: int(64, 1, 8192, 'Channels after padding; the new ones are zeros'),
  }),
  ports: { inputs: 1 },
  inferShape: ([x = []], p) => {
    const c = channels(x)
    if (c > p.channels) {
      return fail('channel-pad-too-small', `input has ${c} channels, more than ${p.channels}`)
    }
    return ok([...x.slice(0, -1), p.channels])
  },
  cost: () => ZERO_COST,
  window: () => 'pointwise',
})
