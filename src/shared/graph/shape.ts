import type { Shape } from './types'

/** "28×28×64" for a feature map, "120" for a vector. */
export function formatShape(shape: Shape): string {
  return shape.join('×')
}

/** Number of values in a tensor of this shape (one example). */
export function shapeSize(shape: Shape): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

/** A feature map `[H, W, C]`. */
export function isFeatureMap(shape: Shape): shape is readonly [number, number, number] {
  return shape.length === 3
}

export type Padding = 'same' | 'valid'

/**
 * Output length of a sliding window along one axis, with TensorFlow's semantics:
 * 'same' gives ceil(in / stride) whatever the window; 'valid' gives
 * floor((in - window) / stride) + 1, where window is the dilated kernel size.
 */
export function windowOutput(
  input: number,
  window: number,
  stride: number,
  padding: Padding,
): number {
  if (padding === 'same') return Math.ceil(input / stride)
  return Math.floor((input - window) / stride) + 1
}

/** Begin/end padding of one spatial axis. */
export interface AxisPads {
  begin: number
  end: number
}

/**
 * TensorFlow's 'same' padding spelled out (ONNX and PyTorch need it): the output is
 * ceil(in / stride) and the missing input is split with the extra row or column at the end.
 */
export function samePads(size: number, kernel: number, stride: number, dilation = 1): AxisPads {
  const out = windowOutput(size, dilatedKernel(kernel, dilation), stride, 'same')
  const total = Math.max((out - 1) * stride + dilatedKernel(kernel, dilation) - size, 0)
  const begin = Math.floor(total / 2)
  return { begin, end: total - begin }
}

/** The span of a kernel of size k with dilation d: (k - 1)·d + 1. */
export function dilatedKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1
}
