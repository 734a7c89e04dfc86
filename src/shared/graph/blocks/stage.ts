import { z } from 'zod'
import { int } from './params'
import { buildResidual, residualFields, type ResidualParams } from './residualBlock'
import { defineComposite } from './spec'

const stageParams = z.object({
  ...residualFields,
  blocks: int(2, 1, 256, 'Residual blocks in the stage'),
  stride: residualFields.stride.meta({ description: 'Downsampling of the first block' }),
  shortcut: residualFields.shortcut.meta({
    description:
      'Shortcut of the first block; later blocks use identity (none when the stage is plain)',
  }),
})
export type StageParams = z.output<typeof stageParams>

/**
 * The residual blocks a stage is made of, named `block1` … `blockN`: the first takes the stage's
 * stride and shortcut, later ones keep the size (identity, or none in a plain stage).
 */
export function stageBlocks(p: StageParams): { name: string; params: ResidualParams }[] {
  return Array.from({ length: p.blocks }, (_, i) => {
    const first = i === 0
    const shortcut = first ? p.shortcut : p.shortcut === 'none' ? 'none' : 'identity'
    const { variant, filters, batchNorm } = p
    return {
      name: `block${i + 1}`,
      params: { variant, filters, batchNorm, stride: first ? p.stride : 1, shortcut },
    }
  })
}

export const stage = defineComposite({
  kind: 'stage',
  label: 'Residual stage',
  category: 'composite',
  description: 'Residual blocks repeated N times; the first may downsample and widen.',
  params: stageParams,
  ports: { inputs: 1 },
  build: (p, b, x) =>
    stageBlocks(p).reduce((y, block) => buildResidual(block.params, b.scope(block.name), y), x),
})
