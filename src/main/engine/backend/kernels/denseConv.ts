import type { TensorInfo } from '@tensorflow/tfjs-core'
import type { forwardConvInfo } from './convGeometry'
import type { RunKernel } from './scratch'

type Info = ReturnType<typeof forwardConvInfo>

/**
 * True when the convolution's one window covers exactly its whole input (LeNet's C5: a 5×5
 * kernel on 5×5 maps): it is then a dense layer over the flattened input, and its gradients
 * are two plain matrix products instead of convolutions padded by the kernel size.
 */
export function isDenseConv(info: Info): boolean {
  const p = info.padInfo
  return (
    info.outHeight === 1 &&
    info.outWidth === 1 &&
    info.inHeight === info.filterHeight &&
    info.inWidth === info.filterWidth &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    p.top === 0 &&
    p.left === 0 &&
    p.bottom === 0 &&
    p.right === 0
  )
}

/** dx = dy · Wᵀ over the flattened window, for a convolution isDenseConv accepts. */
export function denseInputGradient(
  run: RunKernel,
  dy: TensorInfo,
  filter: TensorInfo,
  info: Info,
): TensorInfo {
  const window = info.filterHeight * info.filterWidth * info.inChannels
  const w2 = run('Reshape', { x: filter }, { shape: [1, window, info.outChannels] })
  const dy2 = run('Reshape', { x: dy }, { shape: [1, info.batchSize, info.outChannels] })
  const dx = run('BatchMatMul', { a: dy2, b: w2 }, { transposeA: false, transposeB: true })
  return run(
    'Reshape',
    { x: dx },
    { shape: [info.batchSize, info.inHeight, info.inWidth, info.inChannels] },
  )
}

/** dW = xᵀ · dy over the flattened window, for a convolution isDenseConv accepts. */
export function denseFilterGradient(
  run: RunKernel,
  x: TensorInfo,
  dy: TensorInfo,
  info: Info,
): TensorInfo {
  const window = info.filterHeight * info.filterWidth * info.inChannels
  const x2 = run('Reshape', { x }, { shape: [1, info.batchSize, window] })
  const dy2 = run('Reshape', { x: dy }, { shape: [1, info.batchSize, info.outChannels] })
  const dW = run('BatchMatMul', { a: x2, b: dy2 }, { transposeA: true, transposeB: false })
  return run(
    'Reshape',
    { x: dW },
    {
      shape: [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels],
    },
  )
}
