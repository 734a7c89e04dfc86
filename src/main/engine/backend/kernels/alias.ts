import {
  Cast,
  type CastAttrs,
  Identity,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { type KernelBackendLike, withScratch } from './scratch'

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

interface HeapBackend extends KernelBackendLike {
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array
}

/**
 * Cast to the dtype a tensor already has is an alias too (tf.moments casts to float32). And a
 * cast to bool is x ≠ 0: wasm copies the numbers into bytes, so −2 became 254, not true.
 */
export function castConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    const { dtype } = args.attrs as unknown as CastAttrs
    if (dtype === 'string' || x.dtype === 'string') return stock.kernelFunc(args)
    if (x.dtype === dtype) return alias(x, args.backend)
    if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) {
      const backend = args.backend as HeapBackend
      return withScratch(backend, backendName, (run) => {
        const zero = backend.makeOutput([], x.dtype as 'float32' | 'int32')
        backend.typedArrayFromHeap(zero).fill(0)
        const out = run('NotEqual', { a: x, b: zero })
        backend.disposeData(zero.dataId)
        return out
      })
    }
    return stock.kernelFunc(args)
  }
  return { kernelName: Cast, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
