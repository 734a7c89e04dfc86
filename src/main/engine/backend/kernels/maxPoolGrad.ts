import {
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
  backend_util,
} from '@tensorflow/tfjs-core'
import { type KernelBackendLike, withScratch } from './scratch'

interface HeapBackend extends KernelBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Float32Array
}

/**
 * Routes each dy to the first maximum of its window, as tfjs's cpu backend does. A loop over
 * the wasm heap in JavaScript: wasm's own MaxPoolGrad (and MaxPoolWithArgmax) start the search
 * at the smallest positive float instead of −∞, so a window of zeros or negatives passes no
 * gradient at all — silently wrong for a pool that follows batch norm, tanh or no activation.
 */
function exactMaxPoolGrad(
  backend: HeapBackend,
  dy: TensorInfo,
  input: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c } = info
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info
  const { filterHeight: fh, filterWidth: fw } = info
  const { top, left } = info.padInfo
  const out = backend.makeOutput([...input.shape], 'float32')
  // Views after makeOutput: an allocation may grow (and so move) the wasm memory.
  const x = backend.typedArrayFromHeap(input)
  const g = backend.typedArrayFromHeap(dy)
  const dx = backend.typedArrayFromHeap(out)
  dx.fill(0)
  const best = new Float32Array(c)
  const where = new Int32Array(c)
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        best.fill(-Infinity)
        where.fill(-1)
        for (let i = 0; i < fh; i++) {
          const y = r * sh - top + i
          if (y < 0 || y >= h) continue
          for (let j = 0; j < fw; j++) {
            const xx = q * sw - left + j
            if (xx < 0 || xx >= w) continue
            const base = ((b * h + y) * w + xx) * c
            for (let k = 0; k < c; k++) {
              const v = x[base + k]!
              if (v > best[k]! || where[k] === -1) {
                best[k] = v
                where[k] = base + k
              }
            }
          }
        }
        const gBase = ((b * oh + r) * ow + q) * c
        for (let k = 0; k < c; k++) {
          const at = where[k]!
          if (at >= 0) dx[at] = dx[at]! + g[gBase + k]!
        }
      }
    }
  }
  return out
}

/**
 * MaxPoolGrad for wasm. A 1×1 window with a stride (ResNet's option-A shortcut subsamples this
 * way) took exactly one input per output, so dx is dy spread apart with zeros, one pass through
 * wasm kernels; any other window goes through exactMaxPoolGrad.
 */
export function maxPoolGradConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo }
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    )
    const { top, left } = info.padInfo
    const unitWindow = info.filterHeight === 1 && info.filterWidth === 1
    if (input.dtype !== 'float32') return stock.kernelFunc(args)
    if (!unitWindow || top !== 0 || left !== 0) {
      return exactMaxPoolGrad(args.backend as HeapBackend, dy, input, info)
    }
    const {
      batchSize: n,
      inHeight: h,
      inWidth: w,
      outHeight: oh,
      outWidth: ow,
      inChannels: c,
    } = info
    const { strideHeight: sh, strideWidth: sw } = info
    return withScratch(args.backend as KernelBackendLike, backendName, (run) => {
      const six = run('Reshape', { x: dy }, { shape: [n, oh, 1, ow, 1, c] })
      const paddings = [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]
      const spread = run('PadV2', { x: six }, { paddings, constantValue: 0 })
      let dx = run('Reshape', { x: spread }, { shape: [n, oh * sh, ow * sw, c] })
      const rows = Math.min(h, oh * sh)
      const cols = Math.min(w, ow * sw)
      if (rows < oh * sh || cols < ow * sw) {
        dx = run('Slice', { x: dx }, { begin: [0, 0, 0, 0], size: [n, rows, cols, c] })
      }
      if (rows < h || cols < w) {
        const fill = [
          [0, 0],
          [0, h - rows],
          [0, w - cols],
          [0, 0],
        ]
        dx = run('PadV2', { x: dx }, { paddings: fill, constantValue: 0 })
      }
      return dx
    })
  }
  return { kernelName: MaxPoolGrad, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
