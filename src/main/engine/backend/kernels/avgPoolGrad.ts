import {
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  backend_util,
} from '@tensorflow/tfjs-core'
import type { HeapBackend } from './heap'

/** Windows that tile the input without overlap or padding: each input pixel is in ≤ 1 window. */
export function isTiling(info: backend_util.Conv2DInfo): boolean {
  const p = info.padInfo
  return (
    info.filterHeight === info.strideHeight &&
    info.filterWidth === info.strideWidth &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    p.top === 0 &&
    p.left === 0 &&
    p.bottom === 0 &&
    p.right === 0
  )
}

/**
 * dx of a tiling average pool: every pixel of a window gets its window's dy / (kh·kw), and the
 * rows and columns no window reached (valid padding leaves a remainder) get 0. One pass in
 * JavaScript over the wasm heap, a fifth of wasm's own kernel, which visits every window of
 * every pixel; the scale is applied as cpu does (dy × the reciprocal).
 */
function spread(
  backend: HeapBackend,
  dy: TensorInfo,
  input: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c } = info
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info
  const scale = 1 / (info.filterHeight * info.filterWidth)
  const out = backend.makeOutput([...input.shape], 'float32')
  const g = backend.typedArrayFromHeap(dy)
  const dx = backend.typedArrayFromHeap(out)
  const rowLength = w * c
  let o = 0
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      // The window row's first pixel row, written once and copied to the other sh − 1.
      const first = o
      let src = (b * oh + r) * ow * c
      for (let q = 0; q < ow; q++, src += c) {
        for (let j = 0; j < sw; j++, o += c) {
          for (let k = 0; k < c; k++) dx[o + k] = g[src + k]! * scale
        }
      }
      dx.fill(0, o, first + rowLength)
      o = first + rowLength
      for (let i = 1; i < sh; i++, o += rowLength) dx.copyWithin(o, first, first + rowLength)
    }
    // Rows below the last window (valid padding with a remainder).
    const end = (b + 1) * h * rowLength
    dx.fill(0, o, end)
    o = end
  }
  return out
}

/** AvgPoolGrad for wasm: tiling windows (LeNet's 2×2/2 subsampling) spread; others stock. */
export function avgPoolGradConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo }
    const { filterSize, strides, pad } = args.attrs as unknown as AvgPoolGradAttrs
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
    )
    if (dy.dtype !== 'float32' || !isTiling(info)) return stock.kernelFunc(args)
    return spread(args.backend as HeapBackend, dy, input, info)
  }
  return { kernelName: AvgPoolGrad, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
