import { sizeDiagnostics } from './memory'
import type { Analysis, LayerInfo, NodeInfo, Totals } from './analysis'
import { expandDesign, type Expansion } from './expand'
import { inferLayers, type Inference } from './infer'
import type { Cost, Design, Diagnostic } from './types'

/**
 * Everything the editor and the CLI show about a design: per-node shapes and costs, per-layer
 * detail, totals and diagnostics. Never throws; a broken design gives diagnostics.
 */
export function analyze(design: Design): Analysis {
  try {
    return analyzeDesign(design)
  } catch (e) {
    // A bug here must not take the editor down with it: say so, as a diagnostic.
    const why = e instanceof Error ? e.message : String(e)
    return {
      nodes: {},
      layers: [],
      diagnostics: [
        {
          nodeId: null,
          severity: 'error',
          code: 'internal-error',
          message: `analysis failed: ${why}`,
        },
      ],
      totals: { params: 0, nonTrainableParams: 0, macs: 0, activations: 0, depth: 0 },
      valid: false,
      inputShape: null,
      outputShape: null,
      graph: { nodes: [], inputId: '', outputId: '' },
    }
  }
}

function analyzeDesign(design: Design): Analysis {
  const expansion = expandDesign(design)
  const inference = inferLayers(expansion.graph, expansion.kinds)
  const diagnostics = [...expansion.diagnostics, ...inference.diagnostics]
  const nodes = nodeInfos(design, expansion, inference)
  // A loop, not push(...all): a design of many thousand faulty nodes must not overflow the stack.
  for (const d of [...designChecks(expansion, nodes), ...sizeDiagnostics(inference.layers)])
    diagnostics.push(d)

  const totals: Totals = { params: 0, nonTrainableParams: 0, macs: 0, activations: 0, depth: 0 }
  for (const layer of inference.layers) {
    addCost(totals, layer.cost)
    totals.activations += layer.activations
  }
  const { inputId, outputId } = expansion.graph
  let deepest = 0
  for (const d of inference.depth.values()) deepest = Math.max(deepest, d)
  totals.depth = outputId ? (inference.depth.get(outputId) ?? 0) : deepest
  return {
    nodes,
    layers: inference.layers,
    diagnostics,
    totals,
    valid: !diagnostics.some((d) => d.severity === 'error'),
    inputShape: inference.byId.get(inputId)?.shape ?? null,
    outputShape: inference.byId.get(outputId)?.shape ?? null,
    graph: expansion.graph,
  }
}

function addCost(into: Cost, c: Cost): void {
  into.params += c.params
  into.nonTrainableParams += c.nonTrainableParams
  into.macs += c.macs
}

function nodeInfos(
  design: Design,
  expansion: Expansion,
  inference: Inference,
): Record<string, NodeInfo> {
  const byOrigin = new Map<string, LayerInfo[]>()
  for (const layer of inference.layers) {
    const list = byOrigin.get(layer.origin)
    if (list) list.push(layer)
    else byOrigin.set(layer.origin, [layer])
  }
  const nodes: Record<string, NodeInfo> = {}
  const shapeOf = (id: string) => {
    const exit = expansion.exits.get(id)
    return exit ? (inference.byId.get(exit)?.shape ?? null) : null
  }
  for (const node of design.nodes) {
    if (Object.hasOwn(nodes, node.id)) continue
    const exit = expansion.exits.get(node.id)
    const last = exit ? inference.byId.get(exit) : undefined
    const own = byOrigin.get(node.id) ?? []
    const cost: Cost = { params: 0, nonTrainableParams: 0, macs: 0 }
    let activations = 0
    for (const layer of own) {
      addCost(cost, layer.cost)
      activations += layer.activations
    }
    const composite = own.length > 1 || (own.length === 1 && own[0]!.id !== node.id)
    nodes[node.id] = {
      shape: last?.shape ?? null,
      inputShapes: (expansion.inputs.get(node.id) ?? []).map(shapeOf),
      cost,
      activations,
      receptiveField: last?.receptiveField ?? null,
      cumulativeStride: last?.cumulativeStride ?? null,
      depth: exit ? (inference.depth.get(exit) ?? 0) : 0,
      inner: composite ? own : [],
    }
  }
  return nodes
}

/** One input, one output, a path between them; warns about blocks whose result goes nowhere. */
function designChecks(expansion: Expansion, nodes: Record<string, NodeInfo>): Diagnostic[] {
  const out: Diagnostic[] = []
  const error = (nodeId: string | null, code: string, message: string) =>
    out.push({ nodeId, severity: 'error', code, message })
  const ofKind = (kind: string) =>
    [...expansion.kinds].filter(([, k]) => k === kind).map(([id]) => id)
  const inputs = ofKind('input')
  const outputs = ofKind('output')
  if (inputs.length === 0) error(null, 'no-input', 'no input block: add one to feed the network')
  for (const id of inputs.slice(1)) {
    error(id, 'several-inputs', `input: ${inputs.length} input blocks; a network takes exactly one`)
  }
  if (outputs.length === 0) error(null, 'no-output', 'no output block: add one to classify')
  for (const id of outputs.slice(1)) {
    error(
      id,
      'several-outputs',
      `output: ${outputs.length} output blocks; a network has exactly one`,
    )
  }
  if (inputs.length !== 1 || outputs.length !== 1) return out

  const forward = new Map<string, string[]>()
  for (const [target, sources] of expansion.inputs) {
    for (const source of sources) {
      const list = forward.get(source)
      if (list) list.push(target)
      else forward.set(source, [target])
    }
  }
  const reach = (start: string, next: (id: string) => readonly string[]) => {
    const seen = new Set([start])
    const todo = [start]
    while (todo.length > 0) {
      for (const n of next(todo.pop()!)) {
        if (!seen.has(n)) {
          seen.add(n)
          todo.push(n)
        }
      }
    }
    return seen
  }
  const [input, output] = [inputs[0]!, outputs[0]!]
  if (!reach(input, (id) => forward.get(id) ?? []).has(output)) {
    error(output, 'no-path', 'no path from input to output')
    return out
  }
  const feedsOutput = reach(output, (id) => expansion.inputs.get(id) ?? [])
  for (const id of expansion.order) {
    if (!feedsOutput.has(id) && nodes[id]?.shape) {
      out.push({
        nodeId: id,
        severity: 'warning',
        code: 'dead-end',
        message: `${expansion.kinds.get(id)}: its result never reaches the output`,
      })
    }
  }
  return out
}
