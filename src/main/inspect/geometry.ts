import { samePads, type Analysis, type PrimitiveNode } from '../../shared/graph'
import { assertNever } from '../../shared/assertNever'

/** Where unit 0 of a layer looks along one axis, and how far its neighbours move. */
export interface AxisField {
  /** Input pixel of the first row/column unit 0 sees (negative inside the padding). */
  start: number
  /** Receptive-field side in input pixels. */
  size: number
  /** Input pixels between neighbouring units (cumulative stride). */
  jump: number
}

export interface LayerField {
  y: AxisField
  x: AxisField
}

/** An inclusive pixel box inside the image. */
export interface Box {
  top: number
  left: number
  bottom: number
  right: number
}

const IDENTITY: AxisField = { start: 0, size: 1, jump: 1 }

/** A sliding window of `kernel` with `stride`, `padBefore` zeros in front of the input. */
function slide(f: AxisField, kernel: number, stride: number, padBefore: number): AxisField {
  return {
    start: f.start - padBefore * f.jump,
    size: f.size + (kernel - 1) * f.jump,
    jump: f.jump * stride,
  }
}

function windowPad(
  padding: string,
  input: number,
  kernel: number,
  stride: number,
  explicit = 0,
): number {
  if (padding === 'same') return samePads(input, kernel, stride).begin
  if (padding === 'explicit') return explicit
  return 0
}

function layerAxis(
  node: PrimitiveNode,
  ins: AxisField[],
  inputSide: number,
  axis: 0 | 1,
): AxisField {
  const f = ins[0] ?? IDENTITY
  switch (node.kind) {
    case 'conv2d': {
      const p = node.params
      const k = (p.kernel - 1) * p.dilation + 1
      return slide(f, k, p.stride, windowPad(p.padding, inputSide, k, p.stride, p.pad))
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const p = node.params
      return slide(f, p.pool, p.stride, windowPad(p.padding, inputSide, p.pool, p.stride))
    }
    case 'zeroPad2d': {
      const before = axis === 0 ? node.params.top : node.params.left
      return { ...f, start: f.start - before * f.jump }
    }
    case 'add':
    case 'concat': {
      // Branches may see different windows: a unit of the merge sees their union.
      const start = Math.min(...ins.map((i) => i.start))
      const end = Math.max(...ins.map((i) => i.start + i.size))
      return { start, size: end - start, jump: Math.max(...ins.map((i) => i.jump)) }
    }
    case 'input':
      return IDENTITY
    case 'activation':
    case 'batchNorm':
    case 'lrn':
    case 'dropout':
    case 'channelPad':
    case 'globalAvgPool':
    case 'flatten':
    case 'dense':
    case 'output':
      return f
    default:
      return assertNever(node, 'receptive-field rule')
  }
}

/**
 * The exact receptive field of every spatial layer, per axis, with the offset padding adds —
 * what `analyze` gives as a single side, plus where unit 0 starts, so a unit can be cropped.
 */
export function layerFields(analysis: Analysis): Map<string, LayerField> {
  const shapes = new Map(analysis.layers.map((l) => [l.id, l.shape]))
  const fields = new Map<string, LayerField>()
  for (const node of analysis.graph.nodes) {
    const ins = node.inputs.map((id) => fields.get(id) ?? { y: IDENTITY, x: IDENTITY })
    const inShape = shapes.get(node.inputs[0] ?? '') ?? null
    const h = inShape?.[0] ?? 0
    const w = inShape?.[1] ?? 0
    fields.set(node.id, {
      y: layerAxis(
        node,
        ins.map((i) => i.y),
        h,
        0,
      ),
      x: layerAxis(
        node,
        ins.map((i) => i.x),
        w,
        1,
      ),
    })
  }
  return fields
}

/** The input pixels unit (y, x) of a layer sees, clipped to an `height`×`width` image. */
export function unitBox(
  field: LayerField,
  y: number,
  x: number,
  height: number,
  width: number,
): Box {
  const top = field.y.start + y * field.y.jump
  const left = field.x.start + x * field.x.jump
  return {
    top: Math.max(0, top),
    left: Math.max(0, left),
    bottom: Math.min(height - 1, top + field.y.size - 1),
    right: Math.min(width - 1, left + field.x.size - 1),
  }
}
