import { blockSpec, type PrimitiveSpec } from './blocks'
import { ZERO_COST } from './blocks/spec'
import type { LayerInfo } from './analysis'
import type { ExpandedGraph } from './expanded'
import { shapeSize } from './shape'
import type { Diagnostic, Shape } from './types'

const WEIGHT_KINDS = new Set(['conv2d', 'dense', 'output'])
const RESIDUAL_KINDS = new Set(['residualBlock', 'stage'])

export interface Inference {
  layers: LayerInfo[]
  byId: Map<string, LayerInfo>
  /** Layer id → weight layers on the longest path up to it. */
  depth: Map<string, number>
  diagnostics: Diagnostic[]
}

/**
 * Shapes, costs, receptive fields and depth of every layer, in one pass over the topologically
 * sorted graph. A layer whose input is unknown gets shape null silently: the error that caused
 * it was reported where it happened, once.
 */
export function inferLayers(graph: ExpandedGraph, originKinds: Map<string, string>): Inference {
  const layers: LayerInfo[] = []
  const byId = new Map<string, LayerInfo>()
  const depth = new Map<string, number>()
  const diagnostics: Diagnostic[] = []
  const reported = new Set<string>()

  for (const node of graph.nodes) {
    const spec = blockSpec(node.kind) as PrimitiveSpec
    const params = node.params as Record<string, unknown>
    const ins = node.inputs.map((id) => byId.get(id))
    const inShapes = ins.map((l) => l?.shape ?? null)
    let d = 0
    for (const id of node.inputs) d = Math.max(d, depth.get(id) ?? 0)
    depth.set(node.id, d + (WEIGHT_KINDS.has(node.kind) ? 1 : 0))

    const info: LayerInfo = {
      id: node.id,
      name: node.name,
      kind: node.kind,
      origin: node.origin,
      params,
      inputs: node.inputs,
      shape: null,
      cost: ZERO_COST,
      activations: 0,
      receptiveField: null,
      cumulativeStride: null,
    }
    layers.push(info)
    byId.set(node.id, info)
    if (inShapes.some((s) => s === null)) continue

    const known = inShapes as Shape[]
    const result = spec.inferShape(known, params)
    if (!result.ok) {
      const originKind = originKinds.get(node.origin) ?? node.kind
      const code =
        result.code === 'add-shape-mismatch' && RESIDUAL_KINDS.has(originKind)
          ? 'residual-shape-mismatch'
          : result.code
      const key = `${node.origin}\u0000${code}`
      if (!reported.has(key)) {
        reported.add(key)
        const who = node.id === node.origin ? node.kind : node.name
        diagnostics.push({
          nodeId: node.origin,
          severity: 'error',
          code,
          message: `${who}: ${result.message}`,
        })
      }
      continue
    }
    info.shape = result.shape
    info.cost = spec.cost(known, result.shape, params)
    info.activations = shapeSize(result.shape)
    setWindow(info, spec.window(params), ins, known)
  }
  return { layers, byId, depth, diagnostics }
}

/** Receptive field r and jump j: a window k with stride s gives r + (k - 1)·j and j·s. */
function setWindow(
  info: LayerInfo,
  window: ReturnType<PrimitiveSpec['window']>,
  ins: (LayerInfo | undefined)[],
  inShapes: Shape[],
): void {
  if (ins.length === 0) {
    info.receptiveField = 1
    info.cumulativeStride = 1
    return
  }
  let r = 0
  let j = 0
  for (const l of ins) {
    r = Math.max(r, l?.receptiveField ?? 0)
    j = Math.max(j, l?.cumulativeStride ?? 0)
  }
  if (window === 'pointwise') {
    info.receptiveField = r
    info.cumulativeStride = j
    return
  }
  const [x = []] = inShapes
  const k = window === 'global' ? (x.length === 3 ? Math.max(x[0]!, x[1]!) : 1) : window.kernel
  const s = window === 'global' ? k : window.stride
  info.receptiveField = r + (k - 1) * j
  info.cumulativeStride = j * s
}
