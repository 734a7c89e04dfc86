import {
  FusedBatchNorm,
  type FusedBatchNormAttrs,
  type GradConfig,
  type Tensor,
  add,
  backend_util,
  mul,
  neg,
  reshape,
  rsqrt,
  scalar,
  sub,
  sum,
} from '@tensorflow/tfjs-core'

/** Sums a full-size gradient down to a parameter's (broadcast) shape. */
function reduceTo(t: Tensor, shape: number[], full: number[]): Tensor {
  const axes = backend_util.getReductionAxes(shape, full)
  return reshape(axes.length > 0 ? sum(t, axes) : t, shape)
}

/**
 * The gradient of y = (x − mean) · rsqrt(variance + ε) · scale + offset with respect to all five
 * inputs, by broadcasting the per-channel factors instead of tiling them to x's size (the stock
 * gradient's tile and its chains of full-size products dominated a ResNet step). Only three
 * full-size products remain; the two channel sums are shared between the gradients.
 */
export const batchNormGradConfig: GradConfig = {
  kernelName: FusedBatchNorm,
  // As tfjs's own: the engine cannot save an absent input, so a batch norm without scale has no
  // gradient with either (offset's shape is mean's, which tfjs's batchNorm op enforces).
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor?]
    const g = Array.isArray(dy) ? dy[0] : dy
    if (g === undefined) throw new Error('batch norm gradient: no upstream gradient')
    const full = x.shape
    const rstd = rsqrt(add(variance, scalar(varianceEpsilon)))
    const gain = scale === undefined ? rstd : mul(rstd, scale)
    // Σ dy·(x − mean), shared by the variance and scale gradients. Computed here, not in their
    // closures: the tape runs each closure in its own tidy, which would free a shared tensor.
    const dotCentered = reduceTo(mul(g, sub(x, mean)), mean.shape, full)
    return {
      x: () => mul(g, gain),
      mean: () => reshape(neg(mul(reduceTo(g, mean.shape, full), gain)), mean.shape),
      variance: () => {
        // d/dvar of (x−mean)·(var+ε)^−½·scale = −½·(var+ε)^−3/2·scale·(x−mean)
        const k = mul(mul(gain, mul(rstd, rstd)), scalar(-0.5))
        return reshape(mul(dotCentered, k), mean.shape)
      },
      // tfjs's batchNorm op holds mean, variance, scale and offset to one rank and size.
      scale: () => reshape(mul(dotCentered, rstd), scale?.shape ?? mean.shape),
      offset: () => reduceTo(g, mean.shape, full),
    }
  },
}
