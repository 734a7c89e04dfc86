import {
  AvgPool,
  type AvgPoolAttrs,
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  backend_util,
} from '@tensorflow/tfjs-core'
import type { NativeAddon } from './addon'
import { fallback } from './kernels'
import { type NativeBackend, accessFor } from './kernels'

/**
 * The addon's [n, h, w, c, kh, kw] for a pool whose windows tile its NHWC input (window =
 * stride, no padding, no dilation: LeNet-5's 2×2/2), or null for any other pool.
 */
export function tilingPoolShape(
  xShape: readonly number[],
  filterSize: number | [number, number],
  strides: number | [number, number],
  pad: AvgPoolAttrs['pad'],
  dimRoundingMode: AvgPoolAttrs['dimRoundingMode'],
): number[] | null {
  if (xShape.length !== 4) return null
  const info = backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  )
  const p = info.padInfo
  const tiling =
    info.filterHeight === info.strideHeight &&
    info.filterWidth === info.strideWidth &&
    p.top === 0 &&
    p.left === 0 &&
    p.bottom === 0 &&
    p.right === 0 &&
    info.outHeight === Math.floor(info.inHeight / info.filterHeight) &&
    info.outWidth === Math.floor(info.inWidth / info.filterWidth)
  if (!tiling || info.outHeight < 1 || info.outWidth < 1) return null
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
  ]
}

/** Fewest input floats worth the addon: smaller pools stay with wasm's kernel. */
const MIN_POOL_ELEMENTS = 16384

const big = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1) >= MIN_POOL_ELEMENTS

/** AvgPool of a float32 NHWC tensor with tiling windows through the addon; others `previous`. */
export function avgPoolConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, AvgPool, 'unsupported pool')
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as AvgPoolAttrs
    if (x.dtype !== 'float32' || !big(x.shape)) return other(args)
    const shape = tilingPoolShape(x.shape, filterSize, strides, pad, dimRoundingMode)
    if (shape === null) return other(args)
    const [n, h, w, c, kh, kw] = shape as [number, number, number, number, number, number]
    const data = accessFor(backendName, args.backend)
    const out = data.output([n, Math.floor(h / kh), Math.floor(w / kw), c])
    addon.avgPool(shape, data.view(x), data.view(out))
    return out
  }
  return { kernelName: AvgPool, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

/** AvgPoolGrad for tiling windows through the addon; others `previous`. */
export function avgPoolGradConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, AvgPoolGrad, 'unsupported pool')
  const kernelFunc: KernelFunc = (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo }
    const { filterSize, strides, pad } = args.attrs as unknown as AvgPoolGradAttrs
    if (dy.dtype !== 'float32' || !big(input.shape)) return other(args)
    const shape = tilingPoolShape(input.shape, filterSize, strides, pad, undefined)
    if (shape === null) return other(args)
    const data = accessFor(backendName, args.backend)
    const out = data.output([...input.shape])
    addon.avgPoolGrad(shape, data.view(dy), data.view(out))
    return out
  }
  return { kernelName: AvgPoolGrad, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}
