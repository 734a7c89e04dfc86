import {
  type Conv2D,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  backend_util,
} from '@tensorflow/tfjs-core'
import type { ConvShape, NativeAddon } from './addon'

/** How a kernel reaches a backend's float32 data in place. */
interface DataAccess {
  /** Allocates an output; its data may only be viewed after every allocation of the call. */
  output(shape: number[]): TensorInfo
  /** The tensor's float32 data (a view over the wasm heap, or the cpu backend's array). */
  view(t: TensorInfo): Float32Array
}

interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Float32Array
}

interface CpuLike {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo
  data: { get(dataId: object): { values?: unknown } }
}

/**
 * wasm tensors live in the module's WebAssembly.Memory (a SharedArrayBuffer when threads are
 * on, which N-API hands over as it does an ArrayBuffer). The memory may grow, and so move, on
 * any allocation: views are taken after the outputs are made, fresh on every call.
 */
function wasmAccess(backend: unknown): DataAccess {
  const b = backend as WasmLike
  return { output: (shape) => b.makeOutput(shape, 'float32'), view: (t) => b.typedArrayFromHeap(t) }
}

function cpuAccess(backend: unknown): DataAccess {
  const b = backend as CpuLike
  return {
    output: (shape) =>
      b.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, d) => a * d, 1))),
    view: (t) => {
      const values = b.data.get(t.dataId).values
      if (!(values instanceof Float32Array)) throw new Error('expected float32 data')
      return values
    },
  }
}

export type NativeBackend = 'wasm' | 'cpu'

/** The data access for `name`'s tensors. */
export function accessFor(name: NativeBackend, backend: unknown): DataAccess {
  return name === 'wasm' ? wasmAccess(backend) : cpuAccess(backend)
}

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding
type Rounding = 'floor' | 'round' | 'ceil' | undefined

/** The addon's shape for a conv, or null when it is one the addon does not do. */
export function nativeShape(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode: Rounding,
  dataFormat: string | undefined,
  dilations: number | [number, number] = 1,
): ConvShape | null {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    return null
  }
  if (xShape.length !== 4 || filterShape.length !== 4) return null
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
  )
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return null
  const { top, left } = info.padInfo
  const shape = [
    ...[info.batchSize, info.inHeight, info.inWidth, info.inChannels],
    ...[info.outHeight, info.outWidth, info.outChannels],
    ...[info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, top, left],
  ]
  // Empty tensors, negative padding or a window starting past the input: the stock kernel.
  if (shape.some((d) => !(d >= 0)) || shape.slice(0, 11).some((d) => d === 0)) return null
  if ((info.outHeight - 1) * info.strideHeight >= info.inHeight + top) return null
  if ((info.outWidth - 1) * info.strideWidth >= info.inWidth + left) return null
  return shape
}

const allFloat = (...ts: (TensorInfo | undefined)[]) =>
  ts.every((t) => t === undefined || t.dtype === 'float32')

/** Calls the kernel that was registered before ours, for what the addon does not do. */
export function fallback(
  previous: KernelConfig | undefined,
  name: string,
  why: string,
): KernelFunc {
  return (args) => {
    if (previous === undefined) throw new Error(`native ${name}: ${why}, and no other kernel`)
    return previous.kernelFunc(args)
  }
}

/** Conv2D and FusedConv2D (bias, relu or linear) through the addon's forward kernel. */
export function forwardConfig(
  kernelName: typeof Conv2D | typeof FusedConv2D,
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, kernelName, 'unsupported convolution')
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<
      string,
      TensorInfo | undefined
    >
    const attrs = args.attrs as unknown as FusedConv2DAttrs
    const activation = attrs.activation ?? 'linear'
    if (x === undefined || filter === undefined || preluActivationWeights !== undefined) {
      return other(args)
    }
    if ((activation !== 'linear' && activation !== 'relu') || !allFloat(x, filter, bias)) {
      return other(args)
    }
    const shape = nativeShape(
      x.shape,
      filter.shape,
      attrs.strides,
      attrs.pad,
      attrs.dimRoundingMode,
      attrs.dataFormat,
      attrs.dilations,
    )
    const cout = filter.shape[3]
    if (
      shape === null ||
      (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== cout))
    ) {
      return other(args)
    }
    const data = accessFor(backendName, args.backend)
    const y = data.output([shape[0]!, shape[4]!, shape[5]!, shape[6]!])
    addon.forward(
      shape,
      data.view(x),
      data.view(filter),
      bias === undefined ? null : data.view(bias),
      data.view(y),
      activation === 'relu',
    )
    return y
  }
  return { kernelName, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

/** Conv2DBackpropFilter through the addon. */
export function filterConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, Conv2DBackpropFilter, 'unsupported convolution')
  const kernelFunc: KernelFunc = (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo }
    const a = args.attrs as unknown as Conv2DBackpropFilterAttrs
    if (!allFloat(x, dy)) return other(args)
    const shape = nativeShape(
      x.shape,
      a.filterShape,
      a.strides,
      a.pad,
      a.dimRoundingMode,
      a.dataFormat,
    )
    if (shape === null) return other(args)
    const data = accessFor(backendName, args.backend)
    const dw = data.output([...a.filterShape])
    addon.filter(shape, data.view(x), data.view(dy), data.view(dw))
    return dw
  }
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc,
    setupFunc: previous?.setupFunc,
  }
}

/** Conv2DBackpropInput through the addon. */
export function inputConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, Conv2DBackpropInput, 'unsupported convolution')
  const kernelFunc: KernelFunc = (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo }
    const a = args.attrs as unknown as Conv2DBackpropInputAttrs
    if (!allFloat(dy, filter)) return other(args)
    const shape = nativeShape(
      a.inputShape,
      filter.shape,
      a.strides,
      a.pad,
      a.dimRoundingMode,
      a.dataFormat,
    )
    if (shape === null) return other(args)
    const data = accessFor(backendName, args.backend)
    const dx = data.output([...a.inputShape])
    addon.input(shape, data.view(dy), data.view(filter), data.view(dx))
    return dx
  }
  return {
    kernelName: Conv2DBackpropInput,
    backendName,
    kernelFunc,
    setupFunc: previous?.setupFunc,
  }
}
