import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { type KernelBackendLike, withScratch } from './scratch'

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1)

/** The same tensor with its last two axes swapped. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i)
  perm[rank - 2] = rank - 1
  perm[rank - 1] = rank - 2
  return perm
}

/**
 * A BatchMatMul whose transposed cases reach XNNPACK. wasm sends only an untransposed, unbatched
 * product to XNNPACK and every other one to a scalar triple loop — and every dense layer's
 * backward pass is transposed (dW = xᵀ·dy, dx = dy·Wᵀ). Transposing the operand first is one
 * pass over it, where the loop costs tens of times the product.
 */
export function batchMatMulConfig(backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs
    const unbatched = size(a.shape.slice(0, -2)) === 1 && size(b.shape.slice(0, -2)) === 1
    if ((!transposeA && !transposeB) || !unbatched) return stock.kernelFunc(args)
    return withScratch(args.backend as KernelBackendLike, backendName, (run) => {
      const a2 = transposeA ? run('Transpose', { x: a }, { perm: swapLastTwo(a.shape.length) }) : a
      const b2 = transposeB ? run('Transpose', { x: b }, { perm: swapLastTwo(b.shape.length) }) : b
      const out = stock.kernelFunc({
        inputs: { a: a2, b: b2 },
        backend: args.backend,
        attrs: { transposeA: false, transposeB: false },
      })
      if (Array.isArray(out)) throw new Error('BatchMatMul returned several tensors')
      return out
    })
  }
  return { kernelName: BatchMatMul, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
