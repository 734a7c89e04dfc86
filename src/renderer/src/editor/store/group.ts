import type { DesignEdge, DesignNode } from '../../../../shared/graph/types'
import {
  edgeId,
  freshId,
  handlePort,
  portHandle,
  toBlockNode,
  toDesignEdges,
  toDesignNodes,
  toShapeEdge,
  type BlockNode,
  type ShapeEdge,
} from '../model'

export type GroupOutcome =
  { ok: true; nodes: BlockNode[]; edges: ShapeEdge[]; id: string } | { ok: false; reason: string }

/** The id of the input node inside a group: it stands for the tensor flowing into the group. */
const ENTRY = 'in'

/**
 * The document with `ids` replaced by one `group` block holding them. The graph core's group
 * takes one tensor in and gives one out, so the selection must be fed from at most one block
 * outside it and have exactly one exit (one node feeding nothing else inside).
 */
export function groupNodes(
  ids: readonly string[],
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
): GroupOutcome {
  const sel = new Set(ids)
  const chosen = nodes.filter((n) => sel.has(n.id))
  if (chosen.length < 2) return { ok: false, reason: 'Select two or more blocks to group.' }
  if (chosen.some((n) => n.data.kind === 'input' || n.data.kind === 'output')) {
    return { ok: false, reason: 'The input and output blocks stay outside groups.' }
  }
  const incoming = edges.filter((e) => !sel.has(e.source) && sel.has(e.target))
  const sources = new Set(incoming.map((e) => e.source))
  if (sources.size > 1) {
    return {
      ok: false,
      reason: `A group takes one input, but the selection is fed by ${[...sources].join(', ')}.`,
    }
  }
  const inner = edges.filter((e) => sel.has(e.source) && sel.has(e.target))
  const exits = chosen.filter((n) => !inner.some((e) => e.source === n.id))
  if (exits.length !== 1) {
    return {
      ok: false,
      reason: `A group has one output, but ${exits.map((n) => n.id).join(', ')} each end a path: select a connected chain.`,
    }
  }
  const exit = exits[0]!
  const outgoing = edges.filter((e) => sel.has(e.source) && !sel.has(e.target))
  if (outgoing.some((e) => e.source !== exit.id)) {
    return {
      ok: false,
      reason: `Only ${exit.id}, the last block of the selection, may feed blocks outside it.`,
    }
  }
  // The group takes the place of the block the selection starts with.
  const anchor = (chosen.find((n) => !inner.some((e) => e.target === n.id)) ?? chosen[0]!).position
  const place = insideLayout(chosen, inner)
  const innerNodes: DesignNode[] = [
    { id: ENTRY, kind: 'input', params: {}, position: { x: 0, y: 0 } },
    ...toDesignNodes(chosen).map((n) => ({ ...n, position: place.get(n.id)! })),
  ]
  // An entry with no predecessor inside takes the group's input, on the port it was fed on.
  const entryEdges: DesignEdge[] = incoming.length
    ? incoming.map((e) => ({
        id: edgeId(ENTRY, e.target, handlePort(e.targetHandle)),
        source: ENTRY,
        target: e.target,
        ...(handlePort(e.targetHandle) > 0 ? { targetPort: handlePort(e.targetHandle) } : {}),
      }))
    : chosen
        .filter((n) => !inner.some((e) => e.target === n.id))
        .map((n) => ({ id: edgeId(ENTRY, n.id, 0), source: ENTRY, target: n.id }))
  const id = freshId('group', new Set(nodes.map((n) => n.id)))
  const groupNode: BlockNode = {
    ...toBlockNode({
      id,
      kind: 'group',
      params: { nodes: innerNodes, edges: [...entryEdges, ...toDesignEdges(inner)] },
      position: { x: anchor.x, y: anchor.y },
    }),
    selected: true,
  }
  const source = [...sources][0]
  const outside = edges.filter((e) => !sel.has(e.source) && !sel.has(e.target))
  const newEdges: ShapeEdge[] = [
    ...outside,
    ...(source ? [toShapeEdge({ id: edgeId(source, id, 0), source, target: id })] : []),
    ...outgoing.map((e) => ({
      ...e,
      id: edgeId(id, e.target, handlePort(e.targetHandle)),
      source: id,
    })),
  ]
  return {
    ok: true,
    id,
    nodes: [
      ...nodes
        .filter((n) => !sel.has(n.id))
        .map((n) => (n.selected ? { ...n, selected: false } : n)),
      groupNode,
    ],
    edges: newEdges,
  }
}

/** Tidy positions inside a new group: one row per step from the entry, branches side by side. */
function insideLayout(
  chosen: readonly BlockNode[],
  inner: readonly ShapeEdge[],
): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>()
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id)
    if (known !== undefined) return known
    if (seen.has(id)) return 0
    seen.add(id)
    const preds = inner.filter((e) => e.target === id).map((e) => depthOf(e.source, seen))
    const d = preds.length ? Math.max(...preds) + 1 : 1
    depth.set(id, d)
    return d
  }
  const rows = new Map<number, number>()
  const out = new Map<string, { x: number; y: number }>()
  for (const n of chosen) {
    const d = depthOf(n.id, new Set())
    const col = rows.get(d) ?? 0
    rows.set(d, col + 1)
    out.set(n.id, { x: col * 270, y: d * 140 })
  }
  return out
}

/** The document with group `id` replaced by its inside, wired to what fed and followed it. */
export function ungroupNode(
  id: string,
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
): GroupOutcome {
  const node = nodes.find((n) => n.id === id)
  if (!node || node.data.kind !== 'group')
    return { ok: false, reason: 'Only a custom group can be ungrouped.' }
  const innerNodes = (node.data.params.nodes ?? []) as DesignNode[]
  const innerEdges = (node.data.params.edges ?? []) as DesignEdge[]
  const entry = innerNodes.find((n) => n.kind === 'input')
  const body = innerNodes.filter((n) => n !== entry)
  const taken = new Set(nodes.filter((n) => n.id !== id).map((n) => n.id))
  const rename = new Map<string, string>()
  for (const n of body) {
    const fresh = taken.has(n.id) ? freshId(n.kind, taken) : n.id
    taken.add(fresh)
    rename.set(n.id, fresh)
  }
  const exits = body.filter((n) => !innerEdges.some((e) => e.source === n.id && e.target !== n.id))
  const exit = exits.length === 1 ? rename.get(exits[0]!.id)! : null
  const feed = edges.find((e) => e.target === id)?.source ?? null
  // The inside's first row lands where the group was.
  const left = Math.min(...body.map((n) => n.position.x))
  const top = Math.min(...body.map((n) => n.position.y))
  const placed = body.map((n) => ({
    ...toBlockNode({
      ...n,
      id: rename.get(n.id)!,
      position: {
        x: n.position.x - left + node.position.x,
        y: n.position.y - top + node.position.y,
      },
    }),
    selected: true,
  }))
  const newEdges: ShapeEdge[] = edges.filter((e) => e.source !== id && e.target !== id)
  for (const e of innerEdges) {
    const target = rename.get(e.target)
    if (!target) continue
    const source = entry && e.source === entry.id ? feed : rename.get(e.source)
    if (!source) continue
    const port = e.targetPort ?? 0
    newEdges.push({
      id: edgeId(source, target, port),
      source,
      target,
      targetHandle: portHandle(port),
      type: 'shape',
    })
  }
  if (exit) {
    for (const e of edges.filter((x) => x.source === id)) {
      newEdges.push({ ...e, id: edgeId(exit, e.target, handlePort(e.targetHandle)), source: exit })
    }
  }
  return {
    ok: true,
    id,
    nodes: [
      ...nodes.filter((n) => n.id !== id).map((n) => (n.selected ? { ...n, selected: false } : n)),
      ...placed,
    ],
    edges: newEdges,
  }
}
