import { backend_util } from '@tensorflow/tfjs-core'

type Conv2DInfo = backend_util.Conv2DInfo
type PadAttr = 'valid' | 'same' | number | backend_util.ExplicitPadding
type Rounding = 'floor' | 'round' | 'ceil' | undefined

/** The forward convolution's geometry, as the gradient kernels' attributes describe it. */
export function forwardConvInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | [number, number],
  pad: PadAttr,
  dimRoundingMode: Rounding,
  dataFormat: string,
  dilations: number | [number, number] = 1,
): Conv2DInfo {
  if (dataFormat !== 'NHWC') {
    throw new Error(`convolution gradients support NHWC only, got dataFormat ${dataFormat}`)
  }
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
  )
}

/**
 * Padding for a stride-1 window sweep that may be negative (meaning: skip input rows). A conv
 * kernel only takes non-negative padding, so the sweep runs with the negative sides clamped to
 * zero and `offset` says where the wanted window starts in the wider result.
 */
export interface ClampedPad {
  /** Padding to hand to the conv kernel: [[0,0],[top,bottom],[left,right],[0,0]]. */
  explicit: backend_util.ExplicitPadding
  /** Start of the wanted output in the conv's result, per spatial axis. */
  offset: [number, number]
}

/** Clamps wanted (possibly negative) paddings to zero; see ClampedPad. */
export function clampPad(top: number, bottom: number, left: number, right: number): ClampedPad {
  const t = Math.max(0, top)
  const l = Math.max(0, left)
  return {
    explicit: [
      [0, 0],
      [t, Math.max(0, bottom)],
      [l, Math.max(0, right)],
      [0, 0],
    ],
    offset: [t - top, l - left],
  }
}
