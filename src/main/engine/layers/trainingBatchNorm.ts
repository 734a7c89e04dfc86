import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import {
  nativeBatchNormFor,
  nativeBatchNormGrad,
  nativeBatchNormStats,
} from '../backend/addon/batchNorm'

type BatchNormLayer = ReturnType<typeof tfl.layers.batchNormalization>
type BatchNormArgs = Parameters<typeof tfl.layers.batchNormalization>[0]

// tfjs-layers exports a factory for BatchNormalization, not the class a subclass needs.
const BatchNormalization = Object.getPrototypeOf(tfl.layers.batchNormalization({}))
  .constructor as new (args: BatchNormArgs) => BatchNormLayer

/** What the layer reads of tfjs-layers' BatchNormalization (public in its JS, not its types). */
interface BatchNormState {
  axis: number
  momentum: number
  epsilon: number
  gamma: tfl.LayerVariable | null
  beta: tfl.LayerVariable | null
  movingMean: tfl.LayerVariable
  movingVariance: tfl.LayerVariable
}

const NHW = [0, 1, 2]

/**
 * The closed-form gradient from tfjs ops (every backend without the native kernels): six
 * full-size passes, where the chain of gradients through moments and FusedBatchNorm takes about
 * twice that. Returns [dx, dγ, dβ].
 */
function composedGrad(
  dy: tf.Tensor,
  xs: tf.Tensor4D,
  mu: tf.Tensor1D,
  v: tf.Tensor1D,
  scale: tf.Tensor1D,
  epsilon: number,
): tf.Tensor[] {
  const m = xs.size / (xs.shape[3] ?? 1)
  const rstd = tf.rsqrt(tf.add(v, epsilon))
  const sumDy = tf.sum(dy, NHW)
  // Σ(dy·x̂) = (Σ(dy·x) − μ·Σdy)·σ⁻¹: one product fewer than forming x − μ at full size.
  const sumDyXhat = tf.mul(tf.sub(tf.sum(tf.mul(dy, xs), NHW), tf.mul(mu, sumDy)), rstd)
  const a = tf.mul(scale, rstd)
  // b·x̂ + c at full size in one fused batch-norm pass, then + a·dy.
  const bx = tf.div(tf.mul(tf.neg(a), sumDyXhat), m)
  const c = tf.div(tf.mul(tf.neg(a), sumDy), m)
  const dx = tf.add(tf.mul(dy, a), tf.batchNorm(xs, mu, v, c, bx, epsilon))
  return [dx, sumDyXhat, sumDy]
}

/**
 * Batch norm over N, H, W of an NHWC tensor as one differentiable op: forward is the batch
 * statistics then tfjs's fused normalise/scale/shift, backward the closed form
 *   dx = γ·σ⁻¹·(dy − Σdy/M − x̂·Σ(dy·x̂)/M),  dγ = Σ(dy·x̂),  dβ = Σdy.
 * Where the backend has the native batch-norm kernels (wasm with the addon) the statistics are
 * one pass over x and the gradient two (the sums, then dx); elsewhere tfjs's moments and
 * `composedGrad`. `stats` receives the batch mean and (biased) variance for the moving averages
 * (kept: the caller disposes them); they get no gradient of their own since dx already accounts
 * for them. The native gradient kernel has no gradient itself: no second derivatives there.
 */
export function batchNormTraining(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  stats: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, b, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc]
    const native = nativeBatchNormFor(xi)
    const { mean, variance } = native
      ? nativeBatchNormStats(xi)
      : (tf.moments(xi, NHW) as { mean: tf.Tensor1D; variance: tf.Tensor1D })
    const value = tf.batchNorm(xi, mean, variance, b, g, epsilon)
    save([xi, mean, variance, g])
    // The op's forward runs in a tidy of its own: the statistics are kept for the caller.
    stats(tf.keep(mean), tf.keep(variance))
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, mu, v, scale] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D]
      return native && nativeBatchNormFor(dy)
        ? nativeBatchNormGrad(dy, xs, mu, v, scale, epsilon)
        : composedGrad(dy, xs, mu, v, scale, epsilon)
    }
    return { value, gradFunc }
  })
  return op(x, gamma, beta) as tf.Tensor4D
}

/**
 * A BatchNormalization whose training pass is `batchNormTraining` (NHWC, last axis, with scale
 * and centre), or plain moments without scale or centre (the stock pass throws there); anything
 * else runs the stock code. Moving averages are updated exactly as
 * tfjs-layers does; inference, weights, config and class name are the stock layer's, so
 * checkpoints and model.json are those of a BatchNormalization.
 */
export class TrainingBatchNorm extends BatchNormalization {
  static className = 'BatchNormalization'

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Record<string, unknown>,
  ): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    const self = this as unknown as BatchNormState
    const lastAxis = self.axis === -1 || self.axis === (x?.rank ?? 0) - 1
    if (!kwargs['training'] || x === undefined || !lastAxis) return super.call(inputs, kwargs)
    const { gamma, beta, movingMean, movingVariance, momentum, epsilon } = self
    // tfjs-layers' own training pass reads gamma and beta even without scale or centre, and
    // throws: those take the plain path below, on any rank.
    const plain = !gamma || !beta
    if (!plain && x.rank !== 4) return super.call(inputs, kwargs)
    return tf.tidy(() => {
      let batch: [tf.Tensor1D, tf.Tensor1D] | undefined
      let y: tf.Tensor
      if (plain) {
        const axes = Array.from({ length: x.rank - 1 }, (_, i) => i)
        const { mean, variance } = tf.moments(x, axes)
        batch = [tf.keep(mean as tf.Tensor1D), tf.keep(variance as tf.Tensor1D)]
        // Constants where scale or centre is off: tfjs's batchNorm gradient cannot save a missing one.
        const offset = beta?.read() ?? tf.zerosLike(mean)
        const scale = gamma?.read() ?? tf.onesLike(mean)
        y = tf.batchNorm(x, mean, variance, offset, scale, epsilon)
      } else {
        y = batchNormTraining(
          x as tf.Tensor4D,
          gamma.read() as tf.Tensor1D,
          beta.read() as tf.Tensor1D,
          epsilon,
          (mean, variance) => (batch = [mean, variance]),
        )
      }
      if (!batch) throw new Error(`${this.name}: batch statistics were not computed`)
      // As tfjs-layers: moving ← moving − (moving − batch)·(1 − momentum), biased variance.
      const update = (variable: tfl.LayerVariable, value: tf.Tensor) =>
        tf.tidy(() => {
          const orig = variable.read()
          variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum)))
        })
      try {
        update(movingMean, batch[0])
        update(movingVariance, batch[1])
      } finally {
        tf.dispose(batch)
      }
      return y
    })
  }
}
