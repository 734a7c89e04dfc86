import {
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type Tensor1D,
  type TensorInfo,
  engine,
  getBackend,
  getKernel,
} from '@tensorflow/tfjs-core'
import type { NativeAddon } from './addon'
import { type NativeBackend, accessFor } from './kernels'

/** Training batch norm's statistics in one pass: x → [mean, variance] (biased), per channel. */
export const BATCH_NORM_STATS = 'BlockwiseBatchNormStats'
/** Training batch norm's gradient in two passes: dy, x, mean, variance, scale → [dx, dγ, dβ]. */
export const BATCH_NORM_GRAD = 'BlockwiseBatchNormGrad'

export interface BatchNormGradAttrs {
  epsilon: number
}

/** The channel count of x (its last axis), or a clear error for what the kernels never get. */
function channelsOf(kernel: string, x: TensorInfo): number {
  const channels = x.shape[x.shape.length - 1] ?? 0
  if (x.dtype !== 'float32' || channels < 1 || x.shape.some((d) => d < 1)) {
    throw new Error(
      `${kernel}: x must be a non-empty float32 tensor with channels last, got ${x.dtype} ` +
        `[${x.shape.join(', ')}]`,
    )
  }
  return channels
}

/** BATCH_NORM_STATS on `backendName`'s tensors through the addon. */
export function batchNormStatsConfig(backendName: NativeBackend, addon: NativeAddon): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    const channels = channelsOf(BATCH_NORM_STATS, x)
    const data = accessFor(backendName, args.backend)
    const mean = data.output([channels])
    const variance = data.output([channels])
    addon.batchNormStats(data.view(x), channels, data.view(mean), data.view(variance))
    return [mean, variance]
  }
  return { kernelName: BATCH_NORM_STATS, backendName, kernelFunc }
}

/** BATCH_NORM_GRAD on `backendName`'s tensors through the addon. */
export function batchNormGradConfig(backendName: NativeBackend, addon: NativeAddon): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { dy, x, mean, variance, scale } = args.inputs as Record<string, TensorInfo>
    const { epsilon } = args.attrs as unknown as BatchNormGradAttrs
    const channels = channelsOf(BATCH_NORM_GRAD, x!)
    if (dy!.dtype !== 'float32' || dy!.shape.join() !== x!.shape.join()) {
      throw new Error(`${BATCH_NORM_GRAD}: dy must be float32 of x's shape [${x!.shape.join()}]`)
    }
    const data = accessFor(backendName, args.backend)
    const dx = data.output([...x!.shape])
    const dscale = data.output([channels])
    const doffset = data.output([channels])
    addon.batchNormGrad(
      data.view(dy!),
      data.view(x!),
      data.view(mean!),
      data.view(variance!),
      scale === undefined ? null : data.view(scale),
      epsilon,
      data.view(dx),
      data.view(dscale),
      data.view(doffset),
    )
    return [dx, dscale, doffset]
  }
  return { kernelName: BATCH_NORM_GRAD, backendName, kernelFunc }
}

/**
 * Whether the current backend has the native batch-norm kernels (wasm with the addon loaded) and
 * x is data they take; elsewhere trainingBatchNorm composes tfjs ops.
 */
export function nativeBatchNormFor(x: Tensor): boolean {
  const backend = getBackend()
  return (
    x.dtype === 'float32' &&
    x.size > 0 &&
    getKernel(BATCH_NORM_STATS, backend) !== undefined &&
    getKernel(BATCH_NORM_GRAD, backend) !== undefined
  )
}

/** x's per-channel (last axis) mean and biased variance, in one native pass. */
export function nativeBatchNormStats(x: Tensor): { mean: Tensor1D; variance: Tensor1D } {
  const [mean, variance] = engine().runKernel(BATCH_NORM_STATS, { x }) as Tensor1D[]
  return { mean: mean!, variance: variance! }
}

/** [dx, dγ, dβ] of training batch norm for dy, in two native passes. */
export function nativeBatchNormGrad(
  dy: Tensor,
  x: Tensor,
  mean: Tensor1D,
  variance: Tensor1D,
  scale: Tensor1D,
  epsilon: number,
): [Tensor, Tensor1D, Tensor1D] {
  const attrs: BatchNormGradAttrs = { epsilon }
  const out = engine().runKernel(
    BATCH_NORM_GRAD,
    { dy, x, mean, variance, scale },
    attrs as unknown as NamedAttrMap,
  ) as Tensor[]
  return [out[0]!, out[1] as Tensor1D, out[2] as Tensor1D]
}
