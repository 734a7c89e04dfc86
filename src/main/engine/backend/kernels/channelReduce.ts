import {
  type KernelConfig,
  type KernelFunc,
  Mean,
  Sum,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core'
import { type KernelBackendLike, withScratch } from './scratch'

/** True when `axis` names every axis but the last: a per-channel reduction of NHWC data. */
export function isChannelReduction(axis: number | number[], rank: number): boolean {
  if (rank < 2) return false
  const axes = util.parseAxisParam(
    axis,
    Array.from({ length: rank }, () => 1),
  )
  const unique = [...new Set(axes)].sort((a, b) => a - b)
  return unique.length === rank - 1 && unique.every((a, i) => a === i)
}

/**
 * Sum and Mean over every axis but the channels, through XNNPACK's average pooling: one pass
 * over the data. wasm's own reductions first transpose the tensor to put the reduced axes
 * innermost, which costs 6–14× as much on a ResNet activation; batch norm and its gradient do
 * this reduction several times per layer.
 */
function channelReduceConfig(
  kernelName: typeof Sum | typeof Mean,
  backendName: string,
  stock: KernelConfig,
): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    const { axis, keepDims } = args.attrs as unknown as {
      axis: number | number[]
      keepDims: boolean
    }
    const rank = x.shape.length
    const channels = x.shape[rank - 1] ?? 0
    const rows = util.sizeFromShape(x.shape) / Math.max(1, channels)
    if (x.dtype !== 'float32' || rows < 2 || channels === 0 || !isChannelReduction(axis, rank)) {
      return stock.kernelFunc(args)
    }
    const outShape = keepDims ? [...x.shape.map(() => 1).slice(0, -1), channels] : [channels]
    const backend = args.backend as KernelBackendLike & {
      makeOutput(shape: number[], dtype: 'float32'): TensorInfo
      typedArrayFromHeap(t: TensorInfo): Float32Array
    }
    return withScratch(backend, backendName, (run) => {
      const column = run('Reshape', { x }, { shape: [1, rows, 1, channels] })
      const mean = run('AvgPool', { x: column }, {
        filterSize: [rows, 1],
        strides: 1,
        pad: 'valid',
        dimRoundingMode: undefined,
      } as never)
      if (kernelName === Mean) return run('Reshape', { x: mean }, { shape: outShape })
      const count = backend.makeOutput([], 'float32')
      backend.typedArrayFromHeap(count).set([rows])
      const sum = run('Multiply', { a: mean, b: count })
      backend.disposeData(count.dataId)
      return run('Reshape', { x: sum }, { shape: outShape })
    })
  }
  return { kernelName, backendName, kernelFunc, setupFunc: stock.setupFunc }
}

export const channelSumConfig = (backendName: string, stock: KernelConfig) =>
  channelReduceConfig(Sum, backendName, stock)
export const channelMeanConfig = (backendName: string, stock: KernelConfig) =>
  channelReduceConfig(Mean, backendName, stock)
