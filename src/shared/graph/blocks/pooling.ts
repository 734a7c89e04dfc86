import { z } from 'zod'
import { channels, slide } from './common'
import { choice, int } from './params'
import { ZERO_COST } from './spec'
import type { InferResult } from './spec'
import type { Shape } from '../types'

/** The params both 2-D pools share. */
export const poolParams = z.object({
  pool: int(2, 1, 32, 'Window size (square)', { unit: 'px' }),
  stride: int(2, 1, 32, 'Step between windows', { unit: 'px' }),
  padding: choice(
    ['valid', 'same'],
    'valid',
    'valid: windows inside the map; same: output ceil(input / stride)',
  ),
})
type PoolParams = z.output<typeof poolParams>

export const poolShape = ([x = []]: readonly Shape[], p: PoolParams): InferResult =>
  slide(x, p.pool, p.stride, p.padding, channels(x), `pool ${p.pool}`)

export const poolCost = () => ZERO_COST

export const poolWindow = (p: PoolParams) => ({ kernel: p.pool, stride: p.stride })
