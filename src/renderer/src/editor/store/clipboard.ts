import { freshId, type BlockNode, type ShapeEdge } from '../model'
import type { Clip } from './types'

/** How far a paste lands from what was copied, so the copy is visible. */
export const PASTE_OFFSET = 40

/** The selected nodes and the edges between them. */
export function takeClip(nodes: readonly BlockNode[], edges: readonly ShapeEdge[]): Clip {
  const chosen = nodes.filter((n) => n.selected)
  const ids = new Set(chosen.map((n) => n.id))
  return {
    nodes: chosen.map((n) => ({ id: n.id, type: n.type, position: n.position, data: n.data })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        targetHandle: e.targetHandle,
        type: e.type,
      })),
  }
}

/**
 * The document after pasting `clip`: fresh ids, the copies offset and selected (the rest
 * deselected), internal edges remapped. Returns the clip moved by one offset so that pasting
 * again cascades instead of stacking.
 */
export function pasteClip(
  clip: Clip,
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
): { nodes: BlockNode[]; edges: ShapeEdge[]; clipboard: Clip } {
  const taken = new Set(nodes.map((n) => n.id))
  const rename = new Map<string, string>()
  const copies: BlockNode[] = clip.nodes.map((n) => {
    const id = freshId(n.data.kind, taken)
    taken.add(id)
    rename.set(n.id, id)
    const data = { ...n.data, params: { ...n.data.params } }
    if (data.label !== undefined) data.label = `${data.label} copy`
    return {
      ...n,
      id,
      data,
      selected: true,
      position: { x: n.position.x + PASTE_OFFSET, y: n.position.y + PASTE_OFFSET },
    }
  })
  const newEdges: ShapeEdge[] = clip.edges.map((e) => {
    const source = rename.get(e.source)!
    const target = rename.get(e.target)!
    return {
      ...e,
      id: `${source}->${target}${e.targetHandle && e.targetHandle !== 'in0' ? `:${e.targetHandle.slice(2)}` : ''}`,
      source,
      target,
    }
  })
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...copies],
    edges: [...edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...newEdges],
    clipboard: {
      nodes: clip.nodes.map((n) => ({
        ...n,
        position: { x: n.position.x + PASTE_OFFSET, y: n.position.y + PASTE_OFFSET },
      })),
      edges: clip.edges,
    },
  }
}
