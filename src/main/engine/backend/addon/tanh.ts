import {
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  Tanh,
  type Tensor,
  type TensorInfo,
  engine,
  getKernel,
  getBackend,
  mul,
  registerGradient,
  scalar,
  square,
  sub,
  util,
} from '@tensorflow/tfjs-core'
import type { NativeAddon } from './addon'
import { NATIVE_MIN_ELEMENTS } from './elementwise'
import { type NativeBackend, accessFor } from './kernels'

/** The kernel behind Tanh's gradient where the addon is in: (1 − y²)·dy in one pass. */
export const TANH_GRAD = 'BlockwiseTanhGrad'

/** TANH_GRAD: y (Tanh's output) and dy of one shape, float32; the gradient checks that. */
export function tanhGradConfig(backendName: NativeBackend, addon: NativeAddon): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { y, dy } = args.inputs as { y: TensorInfo; dy: TensorInfo }
    const data = accessFor(backendName, args.backend)
    const out = data.output([...y.shape])
    addon.binary('tanhGrad', data.view(y), data.view(dy), data.view(out), 1)
    return out
  }
  return { kernelName: TANH_GRAD, backendName, kernelFunc }
}

/** tfjs's own Tanh gradient, in its order of rounding. */
const stock = (y: Tensor, dy: Tensor) => mul(sub(scalar(1), square(y)), dy)

/**
 * Tanh's gradient for every backend (registerGradient is global): one TANH_GRAD call where the
 * current backend has that kernel and the tensor is big enough for the addon, else tfjs's own
 * Square, Sub and Multiply. Both round alike, so the choice never changes a result.
 */
const tanhGradient: GradConfig = {
  kernelName: Tanh,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved as [Tensor]
    const g = dy as Tensor
    const native =
      getKernel(TANH_GRAD, getBackend()) !== undefined &&
      y.dtype === 'float32' &&
      g.dtype === 'float32' &&
      util.arraysEqual(y.shape, g.shape) &&
      y.size >= NATIVE_MIN_ELEMENTS
    return {
      x: () => (native ? (engine().runKernel(TANH_GRAD, { y, dy: g }) as Tensor) : stock(y, g)),
    }
  },
}

/** TANH_GRAD's own gradient, so second derivatives through Tanh still work. */
const tanhGradGradient: GradConfig = {
  kernelName: TANH_GRAD,
  inputsToSave: ['y', 'dy'],
  gradFunc: (g, saved) => {
    const [y, dy] = saved as [Tensor, Tensor]
    const h = g as Tensor
    return {
      y: () => mul(mul(h, dy), mul(scalar(-2), y)),
      dy: () => stock(y, h),
    }
  },
}

let registered = false

/** Puts tanhGradient in place of tfjs's (once; harmless where TANH_GRAD is not registered). */
export function registerTanhGradient(): void {
  if (registered) return
  registerGradient(tanhGradient)
  registerGradient(tanhGradGradient)
  registered = true
}
