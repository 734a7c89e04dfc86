import {
  Add,
  FusedBatchNorm,
  type FusedBatchNormAttrs,
  type KernelConfig,
  type KernelFunc,
  Mean,
  type MeanAttrs,
  Multiply,
  RealDiv,
  Relu,
  Square,
  Step,
  type StepAttrs,
  Sub,
  type Sum,
  type SumAttrs,
  Tanh,
  type TensorInfo,
  ZerosLike,
  util,
} from '@tensorflow/tfjs-core'
import type { BinaryOpName, NativeAddon, UnaryOpName } from './addon'
import { type NativeBackend, accessFor, fallback } from './kernels'

/**
 * Fewest elements worth the trip to the addon: below it the thread pool's wake-up and the N-API
 * call cost more than wasm spends on the whole op (bench/native.bench.ts measures both sides).
 */
export const NATIVE_MIN_ELEMENTS = 16384

const size = (shape: readonly number[]) => util.sizeFromShape(shape as number[])
const isFloat = (t: TensorInfo | undefined) => t === undefined || t.dtype === 'float32'

/**
 * How `small` spans `big` (whose shape is the output's): one value, one per channel of the
 * last axis ([C] or [1, …, 1, C]), or neither (null).
 */
export function spanOver(
  small: readonly number[],
  big: readonly number[],
): 'scalar' | 'channel' | null {
  if (small.length > big.length) return null
  if (size(small) === 1) return 'scalar'
  const last = small.length - 1
  if (last < 0 || small[last] !== big[big.length - 1]) return null
  return small.slice(0, last).every((d) => d === 1) ? 'channel' : null
}

const BINARY: Record<Exclude<BinaryOpName, 'tanhGrad'>, string> = {
  add: Add,
  sub: Sub,
  mul: Multiply,
  div: RealDiv,
}

/** Add, Sub, Multiply or RealDiv of float32 tensors: same shape, a per-channel or a scalar
 *  operand on either side; other broadcasts, dtypes and small tensors go to `previous`. */
export function binaryConfig(
  op: Exclude<BinaryOpName, 'tanhGrad'>,
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const kernelName = BINARY[op]
  const other = fallback(previous, kernelName, 'unsupported operands')
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return other(args)
    const big = size(a.shape) >= size(b.shape) ? a : b
    const small = big === a ? b : a
    if (size(big.shape) < NATIVE_MIN_ELEMENTS) return other(args)
    const same = util.arraysEqual(small.shape, big.shape)
    if (!same && spanOver(small.shape, big.shape) === null) return other(args)
    const data = accessFor(backendName, args.backend)
    const out = data.output([...big.shape])
    const channels = big.shape[big.shape.length - 1] ?? 1
    addon.binary(op, data.view(a), data.view(b), data.view(out), Math.max(1, channels))
    return out
  }
  return { kernelName, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

const UNARY: Record<UnaryOpName, string> = { square: Square, relu: Relu, step: Step, tanh: Tanh }

/** Square, Relu, Step (Relu's gradient is Step · dy) and Tanh of a big float32 tensor. */
export function unaryConfig(
  op: UnaryOpName,
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const kernelName = UNARY[op]
  const other = fallback(previous, kernelName, 'unsupported tensor')
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    if (x.dtype !== 'float32' || size(x.shape) < NATIVE_MIN_ELEMENTS) return other(args)
    const alpha = op === 'step' ? ((args.attrs as unknown as StepAttrs).alpha ?? 0) : 0
    const data = accessFor(backendName, args.backend)
    const out = data.output([...x.shape])
    addon.unary(op, data.view(x), data.view(out), alpha)
    return out
  }
  return { kernelName, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

/** Sum or Mean over every axis but the last (per-channel statistics of NHWC). */
export function channelReduceConfig(
  kernelName: typeof Sum | typeof Mean,
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, kernelName, 'unsupported reduction')
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    const { axis, keepDims } = args.attrs as unknown as SumAttrs | MeanAttrs
    const rank = x.shape.length
    if (x.dtype !== 'float32' || rank < 2 || size(x.shape) < NATIVE_MIN_ELEMENTS) {
      return other(args)
    }
    const axes = [...new Set(util.parseAxisParam(axis, x.shape as number[]))].sort((p, q) => p - q)
    if (axes.length !== rank - 1 || axes.some((d, i) => d !== i)) return other(args)
    const channels = x.shape[rank - 1]!
    if (channels === 0) return other(args)
    const rows = size(x.shape) / channels
    const data = accessFor(backendName, args.backend)
    const out = data.output(keepDims ? [...Array<number>(rank - 1).fill(1), channels] : [channels])
    addon.channelSum(data.view(x), channels, data.view(out), kernelName === Mean ? 1 / rows : 1)
    return out
  }
  return { kernelName, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

/** FusedBatchNorm with per-channel (last axis) mean, variance, offset and scale. */
export function batchNormConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, FusedBatchNorm, 'unsupported operands')
  const kernelFunc: KernelFunc = (args) => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<
      string,
      TensorInfo | undefined
    >
    if (x === undefined || mean === undefined || variance === undefined) return other(args)
    if (![x, mean, variance, offset, scale].every(isFloat)) return other(args)
    const channels = x.shape[x.shape.length - 1]
    const perChannel = (t: TensorInfo | undefined) =>
      t === undefined ||
      (channels !== undefined &&
        size(t.shape) === channels &&
        spanOver(t.shape, x.shape) === (channels === 1 ? 'scalar' : 'channel'))
    if (size(x.shape) < NATIVE_MIN_ELEMENTS || ![mean, variance, offset, scale].every(perChannel)) {
      return other(args)
    }
    const epsilon = (args.attrs as unknown as FusedBatchNormAttrs).varianceEpsilon ?? 0.001
    const data = accessFor(backendName, args.backend)
    const out = data.output([...x.shape])
    addon.batchNorm(
      data.view(x),
      data.view(mean),
      data.view(variance),
      offset === undefined ? null : data.view(offset),
      scale === undefined ? null : data.view(scale),
      epsilon,
      data.view(out),
    )
    return out
  }
  return { kernelName: FusedBatchNorm, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

/** ZerosLike of a big float32 tensor: a threaded fill. */
export function zerosLikeConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, ZerosLike, 'unsupported tensor')
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo }
    if (x.dtype !== 'float32' || size(x.shape) < NATIVE_MIN_ELEMENTS) return other(args)
    const data = accessFor(backendName, args.backend)
    const out = data.output([...x.shape])
    addon.fill(data.view(out), 0)
    return out
  }
  return { kernelName: ZerosLike, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}
