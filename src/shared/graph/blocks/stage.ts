import { z } from 'zod'
import { int } from './params'
import { buildResidual, residualFields } from './residualBlock'
import { defineComposite } from './spec'

export const stage = defineComposite({
  kind: 'stage',
  label: 'Residual stage',
  category: 'composite',
  description: 'Residual blocks repeated N times; the first may downsample and widen.',
  params: z.object({
    ...residualFields,
    blocks: int(2, 1, 256, 'Residual blocks in the stage'),
    stride: residualFields.stride.meta({ description: 'Downsampling of the first block' }),
    shortcut: residualFields.shortcut.meta({
      description:
        'Shortcut of the first block; later blocks use identity (none when the stage is plain)',
    }),
  }),
  ports: { inputs: 1 },
  build: (p, b, x) => {
    let y = x
    for (let i = 1; i <= p.blocks; i++) {
      const first = i === 1
      const shortcut = first ? p.shortcut : p.shortcut === 'none' ? 'none' : 'identity'
      y = buildResidual({ ...p, stride: first ? p.stride : 1, shortcut }, b.scope(`block${i}`), y)
    }
    return y
  },
})
