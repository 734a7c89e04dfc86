import type { TensorInfo } from '@tensorflow/tfjs-core'
import type { KernelBackendLike } from './scratch'

/** The wasm backend as kernels that loop over its heap in JavaScript see it. */
export interface HeapBackend extends KernelBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo
  /** A view of the tensor's bytes in the wasm memory; take it after the last makeOutput. */
  typedArrayFromHeap(t: TensorInfo): Float32Array
}
