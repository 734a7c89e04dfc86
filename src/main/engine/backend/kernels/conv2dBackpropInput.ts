import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { clampPad, forwardConvInfo } from './convGeometry'
import { denseInputGradient, isDenseConv } from './denseConv'
import { type KernelBackendLike, type RunKernel, withScratch } from './scratch'

/**
 * dx of a convolution as a forward conv (the backend's fast one) of dy with the flipped,
 * in/out-swapped filter. A strided forward conv first spreads dy apart with s−1 zeros between
 * pixels, so that the backward sweep is stride 1:
 *
 *   dx[n,h,w,ci] = Σ_{kh,kw,co} dyZ[n, h + pt − kh·dh, w + pl − kw·dw, co] · W[kh,kw,ci,co]
 */
export function inputGradient(
  run: RunKernel,
  dy: TensorInfo,
  filter: TensorInfo,
  info: ReturnType<typeof forwardConvInfo>,
): TensorInfo {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw, inHeight: h, inWidth: w } = info
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info
  const { top, left } = info.padInfo
  if (isDenseConv(info)) return denseInputGradient(run, dy, filter, info)
  const flipped = run('Reverse', { x: filter }, { dims: [0, 1] })
  const wT = run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] })
  let spread = dy
  if (sh > 1 || sw > 1) {
    // [N,OH,1,OW,1,C] padded after the unit axes is dy with zeros between pixels (and s−1
    // trailing zeros, which the padding below accounts for).
    const six = run('Reshape', { x: dy }, { shape: [n, oh, 1, ow, 1, cout] })
    const padded = run(
      'PadV2',
      { x: six },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    )
    spread = run('Reshape', { x: padded }, { shape: [n, oh * sh, ow * sw, cout] })
  }
  const rows = spread.shape[1] ?? 0
  const cols = spread.shape[2] ?? 0
  const padTop = (kh - 1) * dh - top
  const padLeft = (kw - 1) * dw - left
  // The sweep's output has rows + padTop + padBottom − (kh−1)·dh rows; it must be h.
  const pad = clampPad(
    padTop,
    h + (kh - 1) * dh - rows - padTop,
    padLeft,
    w + (kw - 1) * dw - cols - padLeft,
  )
  const dx = run(
    'Conv2D',
    { x: spread, filter: wT },
    { strides: [1, 1], dilations: [dh, dw], pad: pad.explicit, dataFormat: 'NHWC' },
  )
  const [r0, c0] = pad.offset
  if (dx.shape[1] === h && dx.shape[2] === w && r0 === 0 && c0 === 0) return dx
  return run('Slice', { x: dx }, { begin: [0, r0, c0, 0], size: [n, h, w, cin] })
}

/** Conv2DBackpropInput that replaces a backend's slow one with its fast forward conv. */
export function conv2dBackpropInputConfig(backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as Conv2DBackpropInputAttrs
    const info = forwardConvInfo(
      inputShape,
      filter.shape,
      strides,
      pad,
      dimRoundingMode,
      dataFormat,
    )
    return withScratch(backend as KernelBackendLike, backendName, (run) =>
      inputGradient(run, dy, filter, info),
    )
  }
  return { kernelName: Conv2DBackpropInput, backendName, kernelFunc }
}
