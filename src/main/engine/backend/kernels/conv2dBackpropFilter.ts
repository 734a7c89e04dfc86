import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { clampPad, forwardConvInfo } from './convGeometry'
import { denseFilterGradient, isDenseConv } from './denseConv'
import { type KernelBackendLike, type RunKernel, withScratch } from './scratch'

/**
 * dW of a convolution, computed by the backend's own (fast) forward conv:
 *
 *   dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, ci] · dy[n,oh,ow,co]
 *
 * is a convolution of x seen as [Cin, H, W, N] (batch Cin, channels N) with dy seen as a
 * filter [OH, OW, N, Cout], whose stride is the forward dilation and whose dilation is the
 * forward stride. Its output [Cin, ≥KH, ≥KW, Cout] is cropped to the kernel and turned back
 * into [KH, KW, Cin, Cout].
 */
export function filterGradient(
  run: RunKernel,
  x: TensorInfo,
  dy: TensorInfo,
  info: ReturnType<typeof forwardConvInfo>,
): TensorInfo {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw, inHeight: h, inWidth: w } = info
  const { outHeight: oh, outWidth: ow, inChannels: cin, outChannels: cout } = info
  const { top, left } = info.padInfo
  if (isDenseConv(info)) return denseFilterGradient(run, x, dy, info)
  if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0) {
    // A 1×1 stride-1 conv is a matmul over all pixels: no transposes at all.
    const n = x.shape[0] ?? 1
    const x2 = run('Reshape', { x }, { shape: [1, n * h * w, cin] })
    const dy2 = run('Reshape', { x: dy }, { shape: [1, n * oh * ow, cout] })
    const dW = run('BatchMatMul', { a: x2, b: dy2 }, { transposeA: true, transposeB: false })
    return run('Reshape', { x: dW }, { shape: [1, 1, cin, cout] })
  }
  const xT = run('Transpose', { x }, { perm: [3, 1, 2, 0] })
  const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] })
  // Rows the sweep must reach so that kernel row kh−1 is produced; the forward conv may have
  // ignored trailing input rows (valid padding with a stride), so this can be below H + pt.
  const needH = (kh - 1) * dh + (oh - 1) * sh + 1
  const needW = (kw - 1) * dw + (ow - 1) * sw + 1
  const pad = clampPad(top, needH - h - top, left, needW - w - left)
  let g = run('Conv2D', { x: xT, filter: dyT }, {
    strides: [dh, dw],
    dilations: [sh, sw],
    pad: pad.explicit,
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
  } as unknown as Record<string, never>)
  if (g.shape[1] !== kh || g.shape[2] !== kw) {
    g = run('Slice', { x: g }, { begin: [0, 0, 0, 0], size: [cin, kh, kw, cout] })
  }
  return run('Transpose', { x: g }, { perm: [1, 2, 0, 3] })
}

/** Conv2DBackpropFilter for a backend that has a fast Conv2D but no filter gradient. */
export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as Conv2DBackpropFilterAttrs
    const info = forwardConvInfo(x.shape, filterShape, strides, pad, dimRoundingMode, dataFormat)
    return withScratch(backend as KernelBackendLike, backendName, (run) =>
      filterGradient(run, x, dy, info),
    )
  }
  return { kernelName: Conv2DBackpropFilter, backendName, kernelFunc }
}
