import {
  type GradConfig,
  Mean,
  type MeanAttrs,
  Sum,
  type SumAttrs,
  type Tensor,
  add,
  backend_util,
  div,
  reshape,
  scalar,
  util,
  zerosLike,
} from '@tensorflow/tfjs-core'

/**
 * dy brought back to x's shape by a broadcasting add onto zeros. tfjs's own gradients multiply
 * dy by `ones(x.shape)`, which is built as a JavaScript array and uploaded to the backend on
 * every backward pass: two full-size arrays per batch norm statistic (tf.moments takes two means).
 */
function spread(dy: Tensor, x: Tensor, axis: number | number[], divisor: number): Tensor {
  const axes = util.parseAxisParam(axis, x.shape)
  // With keepDims the upstream gradient already has x's rank.
  const shape = dy.rank === x.rank ? dy.shape : backend_util.expandShapeToKeepDim(dy.shape, axes)
  const kept = reshape(dy, shape)
  return add(zerosLike(x), divisor === 1 ? kept : div(kept, scalar(divisor)))
}

function gradient(g: Tensor | Tensor[]): Tensor {
  const dy = Array.isArray(g) ? g[0] : g
  if (dy === undefined) throw new Error('reduction gradient: no upstream gradient')
  return dy
}

/** The gradient of Sum without a full-size array of ones. */
export const sumGradConfig: GradConfig = {
  kernelName: Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor]
    const { axis } = attrs as unknown as SumAttrs
    return { x: () => spread(gradient(dy), x, axis, 1) }
  },
}

/** The gradient of Mean without a full-size array of ones. */
export const meanGradConfig: GradConfig = {
  kernelName: Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor]
    const { axis } = attrs as unknown as MeanAttrs
    const axes = util.parseAxisParam(axis, x.shape)
    const [, reduced] = backend_util.computeOutAndReduceShapes(x.shape, axes)
    return { x: () => spread(gradient(dy), x, axes, util.sizeFromShape(reduced)) }
  },
}
