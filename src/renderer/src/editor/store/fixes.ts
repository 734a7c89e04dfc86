import type { Shape } from '../../../../shared/graph/types'
import { categoryOf } from '../catalog'
import type { Analysis } from '../catalog'
import { edgeId, freshId, handlePort, portHandle, type BlockNode, type ShapeEdge } from '../model'

/** Diagnostic codes that have a one-click fix, and the button's words. */
export const FIXES: Readonly<Record<string, string>> = {
  'needs-flatten': 'Insert flatten',
  'residual-shape-mismatch': 'Insert projection (1×1 conv)',
  'add-shape-mismatch': 'Insert projection (1×1 conv)',
  'kernel-too-large': "Switch padding to 'same'",
}

export type FixOutcome =
  { ok: true; nodes: BlockNode[]; edges: ShapeEdge[] } | { ok: false; reason: string }

/** Vertical room a block inserted into a chain needs. */
const ROW = 110

/** Ids of the nodes reachable from `id` (itself included). */
function downstream(id: string, edges: readonly ShapeEdge[]): Set<string> {
  const seen = new Set<string>()
  const todo = [id]
  while (todo.length > 0) {
    const n = todo.pop()!
    if (seen.has(n)) continue
    seen.add(n)
    for (const e of edges) if (e.source === n) todo.push(e.target)
  }
  return seen
}

/** Insert a new block of `kind` on edge `edge`, pushing the target and what follows down one row. */
function insertOnEdge(
  edge: ShapeEdge,
  kind: string,
  params: Record<string, unknown>,
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
  shiftX = 0,
): { nodes: BlockNode[]; edges: ShapeEdge[] } {
  const target = nodes.find((n) => n.id === edge.target)!
  const id = freshId(kind, new Set(nodes.map((n) => n.id)))
  const moved = downstream(target.id, edges)
  const inserted: BlockNode = {
    id,
    type: categoryOf(kind),
    position: { x: target.position.x + shiftX, y: target.position.y },
    data: { kind, params },
  }
  const port = handlePort(edge.targetHandle)
  return {
    nodes: [
      ...nodes.map((n) =>
        moved.has(n.id) ? { ...n, position: { x: n.position.x, y: n.position.y + ROW } } : n,
      ),
      inserted,
    ],
    edges: [
      ...edges.filter((e) => e.id !== edge.id),
      {
        id: edgeId(edge.source, id, 0),
        source: edge.source,
        target: id,
        targetHandle: portHandle(0),
        type: 'shape',
      },
      {
        id: edgeId(id, edge.target, port),
        source: id,
        target: edge.target,
        targetHandle: edge.targetHandle ?? 'in0',
        type: 'shape',
      },
    ],
  }
}

/** The input shape that the others should be projected to: most channels, then smallest map. */
function projectionTarget(shapes: readonly Shape[]): Shape | null {
  let best: Shape | null = null
  for (const s of shapes) {
    if (s.length !== 3) return null
    if (!best || s[2]! > best[2]! || (s[2] === best[2] && s[0]! < best[0]!)) best = s
  }
  return best
}

/** The document with the fix for diagnostic `code` on `nodeId` applied. */
export function applyFixTo(
  code: string,
  nodeId: string,
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
  analysis: Analysis,
): FixOutcome {
  const node = nodes.find((n) => n.id === nodeId)
  if (!node) return { ok: false, reason: `No block ${nodeId}.` }
  const into = edges.filter((e) => e.target === nodeId)
  switch (code) {
    case 'needs-flatten': {
      const edge = into[0]
      if (!edge) return { ok: false, reason: `${nodeId} has no input to flatten.` }
      return { ok: true, ...insertOnEdge(edge, 'flatten', {}, nodes, edges) }
    }
    case 'residual-shape-mismatch':
    case 'add-shape-mismatch': {
      const shapes = into.map((e) => analysis.nodes[e.source]?.shape ?? null)
      if (shapes.some((s) => s === null))
        return { ok: false, reason: 'Some inputs have no shape yet: fix them first.' }
      const target = projectionTarget(shapes as Shape[])
      if (!target)
        return { ok: false, reason: 'A projection needs feature maps (H×W×C) on every input.' }
      let doc = { nodes: [...nodes], edges: [...edges] }
      into.forEach((edge, i) => {
        const s = shapes[i]!
        if (s[0] === target[0] && s[1] === target[1] && s[2] === target[2]) return
        const stride = Math.max(1, Math.round(s[0]! / target[0]!))
        const params = { filters: target[2], kernel: 1, stride, padding: 'same' }
        doc = insertOnEdge(edge, 'conv2d', params, doc.nodes, doc.edges, -220)
      })
      return { ok: true, ...doc }
    }
    case 'kernel-too-large': {
      const updated = nodes.map((n) =>
        n.id === nodeId
          ? { ...n, data: { ...n.data, params: { ...n.data.params, padding: 'same' } } }
          : n,
      )
      return { ok: true, nodes: updated, edges: [...edges] }
    }
    default:
      return { ok: false, reason: `No automatic fix for "${code}".` }
  }
}
