import {
  Add,
  type KernelConfig,
  type KernelFunc,
  Multiply,
  RealDiv,
  Sub,
  type TensorInfo,
  backend_util,
  util,
} from '@tensorflow/tfjs-core'
import type { HeapBackend } from './heap'

/** Up to this many results the loop below beats a trip through the thread pool. */
const MAX_SIZE = 4096

type Op = typeof Add | typeof Sub | typeof Multiply | typeof RealDiv

const apply: Record<Op, (x: number, y: number) => number> = {
  [Add]: (x, y) => x + y,
  [Sub]: (x, y) => x - y,
  [Multiply]: (x, y) => x * y,
  [RealDiv]: (x, y) => x / y,
}

/** Strides of `shape` inside a broadcast result of rank `rank` (0 where it is broadcast). */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0)
  let stride = 1
  for (let i = shape.length - 1, o = outShape.length - 1; i >= 0; i--, o--) {
    if (shape[i] !== 1) strides[o] = stride
    stride *= shape[i]!
  }
  return strides
}

/**
 * A small float binary op that broadcasts one operand along some axes ([64,10] − [64,1] in
 * softmax cross-entropy), as a JavaScript loop over the heap. wasm hands these to XNNPACK,
 * which splits the rows over its threads: waking them costs 0.1–0.3 ms on a busy machine for
 * microseconds of work. Same-shape and scalar operands stay with wasm, which does those inline.
 */
export function smallBroadcastConfig(op: Op, backendName: string, stock: KernelConfig) {
  const f = apply[op]
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    const sizeA = util.sizeFromShape(a.shape)
    const sizeB = util.sizeFromShape(b.shape)
    if (
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      sizeA === 1 ||
      sizeB === 1 ||
      util.arraysEqual(a.shape, b.shape)
    ) {
      return stock.kernelFunc(args)
    }
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape)
    const size = util.sizeFromShape(outShape)
    if (size > MAX_SIZE) return stock.kernelFunc(args)
    const backend = args.backend as HeapBackend
    const out = backend.makeOutput(outShape, 'float32')
    const x = backend.typedArrayFromHeap(a)
    const y = backend.typedArrayFromHeap(b)
    const z = backend.typedArrayFromHeap(out)
    const sa = broadcastStrides(a.shape, outShape)
    const sb = broadcastStrides(b.shape, outShape)
    const outStrides = util.computeStrides(outShape)
    for (let i = 0; i < size; i++) {
      let ia = 0
      let ib = 0
      let rest = i
      for (let d = 0; d < outStrides.length; d++) {
        const coord = Math.floor(rest / outStrides[d]!)
        rest -= coord * outStrides[d]!
        ia += coord * sa[d]!
        ib += coord * sb[d]!
      }
      z[i] = f(x[ia + rest * sa[outShape.length - 1]!]!, y[ib + rest * sb[outShape.length - 1]!]!)
    }
    return out
  }
  return { kernelName: op, backendName, kernelFunc, setupFunc: stock.setupFunc }
}
