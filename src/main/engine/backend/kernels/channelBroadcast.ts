import {
  Add,
  type KernelConfig,
  type KernelFunc,
  Multiply,
  Sub,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core'
import { type KernelBackendLike, type RunKernel, withScratch } from './scratch'

/** Above this many channels wasm's own broadcasting is as fast as the depthwise route. */
const MAX_CHANNELS = 48

type Op = typeof Multiply | typeof Add | typeof Sub

/** b holds one value per channel of a (shape [C] or [1,…,1,C]) and a is the full tensor. */
function perChannel(a: TensorInfo, b: TensorInfo): boolean {
  const channels = a.shape[a.shape.length - 1]
  return (
    a.shape.length >= 2 &&
    channels !== undefined &&
    channels <= MAX_CHANNELS &&
    util.sizeFromShape(b.shape) === channels &&
    b.shape[b.shape.length - 1] === channels &&
    util.sizeFromShape(a.shape) > channels
  )
}

/**
 * x ⊙ v with v per channel, as a 1×1 depthwise convolution of x seen as [1, R, 1, C]:
 * v (or ones) is the filter and, for + and −, ±v the bias. XNNPACK does that in one pass;
 * wasm's broadcasting binary ops take a slow general path, 3–4× the same-shape op when there
 * are few channels, and batch norm and its gradient are made of them.
 */
function depthwise(run: RunKernel, op: Op, x: TensorInfo, v: TensorInfo): TensorInfo {
  const channels = x.shape[x.shape.length - 1] ?? 0
  const rows = util.sizeFromShape(x.shape) / channels
  const column = run('Reshape', { x }, { shape: [1, rows, 1, channels] })
  const attrs = { strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC' }
  let out: TensorInfo
  if (op === Multiply) {
    const filter = run('Reshape', { x: v }, { shape: [1, 1, channels, 1] })
    out = run('DepthwiseConv2dNative', { x: column, filter }, attrs as never)
  } else {
    const ones = run('Fill', {}, { shape: [1, 1, channels, 1], value: 1, dtype: 'float32' })
    const flat = run('Reshape', { x: v }, { shape: [channels] })
    // wasm checks the bias's rank as stored, and a reshape keeps the stored shape: the bias
    // must be a tensor of its own (−v for subtraction, −(−v) for addition; C values).
    const negated = run('Neg', { x: flat })
    const bias = op === Sub ? negated : run('Neg', { x: negated })
    out = run('FusedDepthwiseConv2D', { x: column, filter: ones, bias }, {
      ...attrs,
      activation: 'linear',
    } as never)
  }
  return run('Reshape', { x: out }, { shape: x.shape })
}

function channelBroadcastConfig(op: Op, backendName: string, stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    const floats = a.dtype === 'float32' && b.dtype === 'float32'
    const backend = args.backend as KernelBackendLike
    if (floats && perChannel(a, b)) {
      return withScratch(backend, backendName, (run) => depthwise(run, op, a, b))
    }
    // Multiplication and addition commute; v − x does not fit the route.
    if (floats && op !== Sub && perChannel(b, a)) {
      return withScratch(backend, backendName, (run) => depthwise(run, op, b, a))
    }
    return stock.kernelFunc(args)
  }
  return { kernelName: op, backendName, kernelFunc, setupFunc: stock.setupFunc }
}

export const channelMultiplyConfig = (backendName: string, stock: KernelConfig) =>
  channelBroadcastConfig(Multiply, backendName, stock)
export const channelAddConfig = (backendName: string, stock: KernelConfig) =>
  channelBroadcastConfig(Add, backendName, stock)
export const channelSubConfig = (backendName: string, stock: KernelConfig) =>
  channelBroadcastConfig(Sub, backendName, stock)
