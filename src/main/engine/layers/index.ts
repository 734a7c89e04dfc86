import type { PrimitiveKind } from '../../../shared/graph'
import { channelPad } from './channelPad'
import { activation } from './activation'
import { add } from './add'
import { avgPool2d } from './avgPool2d'
import { batchNorm } from './batchNorm'
import { concat } from './concat'
import { conv2d } from './conv2d'
import { dense } from './dense'
import { dropout } from './dropout'
import { flatten } from './flatten'
import { globalAvgPool } from './globalAvgPool'
import { input } from './input'
import { lrn } from './lrn'
import { maxPool2d } from './maxPool2d'
import { output } from './output'
import type { Builder } from './types'
import { zeroPad2d } from './zeroPad2d'

export type { Builder } from './types'
export { SOFTMAX_SUFFIX } from './output'
export { LocalResponseNormalization } from './lrnLayer'
export { ChannelPad } from './channelPadLayer'

/** One builder per primitive kind: a kind without a builder does not compile. */
export const builders: { [K in PrimitiveKind]: Builder<K> } = {
  input,
  conv2d,
  dense,
  maxPool2d,
  avgPool2d,
  globalAvgPool,
  flatten,
  activation,
  batchNorm,
  lrn,
  dropout,
  zeroPad2d,
  channelPad,
  concat,
  add,
  output,
}
