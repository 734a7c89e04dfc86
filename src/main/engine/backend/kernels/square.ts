import { type KernelConfig, type KernelFunc, Square, type TensorInfo } from '@tensorflow/tfjs-core'
import { type KernelBackendLike, withScratch } from './scratch'

/**
 * x² as x·x: wasm's Square is a scalar loop, its same-shape Multiply XNNPACK's vectorised one
 * (the tanh gradient squares every activation).
 */
export function squareConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    if (x.dtype !== 'float32') return stock.kernelFunc(args)
    return withScratch(args.backend as KernelBackendLike, backendName, (run) =>
      run('Multiply', { a: x, b: x }),
    )
  }
  return { kernelName: Square, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
