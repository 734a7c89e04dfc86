import { formatShape, isFeatureMap, windowOutput, type Padding } from '../shape'
import type { Cost, Shape } from '../types'
import type { InferResult } from './spec'

export function ok(shape: Shape): InferResult {
  return { ok: true, shape }
}

export function fail(code: string, message: string): InferResult {
  return { ok: false, code, message }
}

/** The error for a spatial layer given a vector. */
export function needsFeatureMap(input: Shape): InferResult {
  return fail(
    'needs-feature-map',
    `needs a feature map H×W×C, got a vector of ${formatShape(input)}`,
  )
}

/** The error for a dense-like layer given a feature map: the editor offers "insert flatten". */
export function needsFlatten(input: Shape): InferResult {
  return fail('needs-flatten', `needs a vector, got ${formatShape(input)}; insert a flatten`)
}

/** Output of a square sliding window over a feature map, or the kernel-too-large error (`what`: "kernel 5"). */
export function slide(
  input: Shape,
  window: number,
  stride: number,
  padding: Padding,
  channels: number,
  what: string,
  inputWord = 'input',
): InferResult {
  if (!isFeatureMap(input)) return needsFeatureMap(input)
  const [h, w] = input
  if (padding === 'valid' && (window > h || window > w)) {
    return fail('kernel-too-large', `${what} larger than ${inputWord} ${h}×${w}`)
  }
  return ok([
    windowOutput(h, window, stride, padding),
    windowOutput(w, window, stride, padding),
    channels,
  ])
}

export function cost(params: number, macs: number, nonTrainableParams = 0): Cost {
  return { params, nonTrainableParams, macs }
}

/** The last dimension: channels of a feature map, length of a vector. */
export function channels(shape: Shape): number {
  return shape[shape.length - 1] ?? 0
}
