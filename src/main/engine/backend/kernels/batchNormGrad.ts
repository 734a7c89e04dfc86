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
  inputsToSave: ['x', 'mean', 'variance', 'scale', 'offset'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs
    const [x, mean, variance, scale, offset] = saved as [Tensor, Tensor, Tensor, Tensor?, Tensor?]
    const g = Array.isArray(dy) ? dy[0] : dy
    if (g === undefined) throw new Error('batch norm gradient: no upstream gradient')
    const full = x.shape
    const rstd = rsqrt(add(variance, scalar(varianceEpsilon)))
    const gain = scale === undefined ? rstd : mul(rstd, scale)
    let centeredDot: Tensor | undefined
    // Σ dy·(x − mean), shared by the variance and scale gradients.
    const dotCentered = (): Tensor => {
      centeredDot ??= reduceTo(mul(g, sub(x, mean)), mean.shape, full)
      return centeredDot
    }
    return {
      x: () => mul(g, gain),
      mean: () => reshape(neg(mul(reduceTo(g, mean.shape, full), gain)), mean.shape),
      variance: () => {
        // d/dvar of (x−mean)·(var+ε)^−½·scale = −½·(var+ε)^−3/2·scale·(x−mean)
        const k = mul(mul(gain, mul(rstd, rstd)), scalar(-0.5))
        return reshape(mul(dotCentered(), k), mean.shape)
      },
      // tfjs's batchNorm op holds mean, variance, scale and offset to one rank and size.
      scale: () => reshape(mul(dotCentered(), rstd), scale?.shape ?? mean.shape),
      offset: () => reduceTo(g, offset?.shape ?? mean.shape, full),
    }
  },
}
