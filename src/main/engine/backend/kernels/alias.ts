import {
  Cast,
  type CastAttrs,
  Identity,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'

/** What an aliasing kernel needs of the backend: tensors with reference counts. */
interface RefCounting {
  incRef(dataId: object): void
}

function alias(x: TensorInfo, backend: unknown): TensorInfo {
  ;(backend as RefCounting).incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}

/**
 * Identity as a second reference to the same data, as the cpu backend does it. wasm copies,
 * and the engine clones every tensor it saves for the backward pass through Identity: some
 * 600 full copies per ResNet-20 step. tfjs tensors are immutable, so sharing is safe.
 */
export function identityConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    return x.dtype === 'string' ? stock.kernelFunc(args) : alias(x, args.backend)
  }
  return { kernelName: Identity, backendName, kernelFunc, setupFunc: stock.setupFunc }
}

/** Cast to the dtype a tensor already has is an alias too (tf.moments casts to float32). */
export function castConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    const { dtype } = args.attrs as unknown as CastAttrs
    return x.dtype === dtype && dtype !== 'string' ? alias(x, args.backend) : stock.kernelFunc(args)
  }
  return { kernelName: Cast, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
