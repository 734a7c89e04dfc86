import {
  type KernelConfig,
  type KernelFunc,
  Tanh,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core'
import { type KernelBackendLike, withScratch } from './scratch'

/**
 * Below this many values wasm's scalar loop costs less than the four calls below (each of which
 * may wake the thread pool).
 */
const MIN_SIZE = 8192

/**
 * tanh x = 2·σ(2x) − 1 through XNNPACK's vectorised sigmoid and multiply/subtract: four passes
 * that together cost a fifth of wasm's own Tanh, a scalar tanhf loop (LeNet-5 spent a fifth of
 * its step there). The result differs from tanhf by at most a few ulp of 1 (σ rounds near ½).
 */
export function tanhConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    if (x.dtype !== 'float32' || util.sizeFromShape(x.shape) < MIN_SIZE) {
      return stock.kernelFunc(args)
    }
    return withScratch(args.backend as KernelBackendLike, backendName, (run) => {
      const constant = (value: number) => run('Fill', {}, { shape: [], value, dtype: 'float32' })
      const two = constant(2)
      const s = run('Sigmoid', { x: run('Multiply', { a: x, b: two }) })
      return run('Sub', { a: run('Multiply', { a: s, b: two }), b: constant(1) })
    })
  }
  return { kernelName: Tanh, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
