import { type ExportGraph, indexNodes, paramsOf } from './graph'
import { assertNever } from '../../shared/assertNever'

/** NHWC shape without the batch: `[H, W, C]` or `[N]`. */
export type Shape = number[]

/** Begin/end padding of one spatial axis. */
export interface AxisPads {
  begin: number
  end: number
}

/**
 * TensorFlow's 'same' padding: the output is ceil(in / stride) and the missing input is
 * split with the extra row or column at the end (ONNX and PyTorch need it spelled out).
 */
export function samePads(size: number, kernel: number, stride: number, dilation = 1): AxisPads {
  const out = Math.ceil(size / stride)
  const span = (kernel - 1) * dilation + 1
  const total = Math.max((out - 1) * stride + span - size, 0)
  const begin = Math.floor(total / 2)
  return { begin, end: total - begin }
}

function windowOut(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'same' | 'valid',
): number {
  if (padding === 'same') return Math.ceil(size / stride)
  return Math.floor((size - ((kernel - 1) * dilation + 1)) / stride) + 1
}

function spatial(shape: Shape, name: string): [number, number, number] {
  const [h, w, c] = shape
  if (shape.length !== 3 || h === undefined || w === undefined || c === undefined) {
    throw new Error(`${name}: expects a feature map [H, W, C], got [${shape.join(', ')}]`)
  }
  return [h, w, c]
}

/** Every layer's output shape (NHWC, no batch), keyed by node id. */
export function inferShapes(graph: ExportGraph): Map<string, Shape> {
  const node = indexNodes(graph)
  const shapes = new Map<string, Shape>()
  const inputOf = (id: string, i = 0): Shape => {
    const src = node(id).inputs[i]
    const shape = src === undefined ? undefined : shapes.get(src)
    if (!shape) throw new Error(`${node(id).name}: input ${i} has no shape`)
    return shape
  }
  for (const n of graph.nodes) {
    let out: Shape
    switch (n.kind) {
      case 'input': {
        const p = paramsOf(n, 'input')
        out = [p.height, p.width, p.channels]
        break
      }
      case 'conv2d': {
        const p = paramsOf(n, 'conv2d')
        let [h, w] = spatial(inputOf(n.id), n.name)
        if (p.padding === 'explicit') [h, w] = [h + 2 * p.pad, w + 2 * p.pad]
        const mode = p.padding === 'same' ? 'same' : 'valid'
        out = [
          windowOut(h, p.kernel, p.stride, p.dilation, mode),
          windowOut(w, p.kernel, p.stride, p.dilation, mode),
          p.filters,
        ]
        break
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const p = paramsOf(n, n.kind)
        const [h, w, c] = spatial(inputOf(n.id), n.name)
        out = [
          windowOut(h, p.pool, p.stride, 1, p.padding),
          windowOut(w, p.pool, p.stride, 1, p.padding),
          c,
        ]
        break
      }
      case 'zeroPad2d': {
        const p = paramsOf(n, 'zeroPad2d')
        const [h, w, c] = spatial(inputOf(n.id), n.name)
        out = [h + p.top + p.bottom, w + p.left + p.right, c]
        break
      }
      case 'channelPad': {
        const [h, w] = spatial(inputOf(n.id), n.name)
        out = [h, w, paramsOf(n, 'channelPad').channels]
        break
      }
      case 'globalAvgPool':
        out = [spatial(inputOf(n.id), n.name)[2]]
        break
      case 'flatten':
        out = [inputOf(n.id).reduce((a, b) => a * b, 1)]
        break
      case 'dense':
        out = [paramsOf(n, 'dense').units]
        break
      case 'output':
        out = [paramsOf(n, 'output').classes]
        break
      case 'concat': {
        const parts = n.inputs.map((_, i) => inputOf(n.id, i))
        const first = parts[0] ?? []
        const channels = parts.reduce((sum, s) => sum + (s[s.length - 1] ?? 0), 0)
        out = [...first.slice(0, -1), channels]
        break
      }
      case 'activation':
      case 'batchNorm':
      case 'lrn':
      case 'dropout':
      case 'add':
        out = [...inputOf(n.id)]
        break
      default:
        return assertNever(n)
    }
    shapes.set(n.id, out)
  }
  return shapes
}
