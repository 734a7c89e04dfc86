import {
  getKernel,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core'

/** The backend object a kernel receives: disposeData is all these kernels need of it. */
export interface KernelBackendLike {
  disposeData(dataId: object, force?: boolean): boolean
}

/** Calls one of the backend's own kernels directly, without the engine and its tape. */
export type RunKernel = (
  name: string,
  inputs: NamedTensorInfoMap,
  attrs?: NamedAttrMap,
) => TensorInfo

/**
 * Runs `body` with a `run` that calls the named backend's kernels and remembers every output,
 * then frees all of those intermediates except the one returned. Kernels composed from other
 * kernels (as the cpu and wasm backends' own do) must not leak the tensors in between.
 */
export function withScratch(
  backend: KernelBackendLike,
  backendName: string,
  body: (run: RunKernel) => TensorInfo,
): TensorInfo {
  const made: TensorInfo[] = []
  const run: RunKernel = (name, inputs, attrs = {}) => {
    const kernel = getKernel(name, backendName)
    if (kernel === undefined) throw new Error(`${backendName} backend has no ${name} kernel`)
    const out = kernel.kernelFunc({ inputs, backend: backend as object, attrs })
    if (Array.isArray(out)) throw new Error(`${name} returned several tensors; expected one`)
    made.push(out)
    return out
  }
  const result = body(run)
  for (const t of made) if (t !== result) backend.disposeData(t.dataId)
  return result
}
