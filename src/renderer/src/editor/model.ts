import type { Edge, Node } from '@xyflow/react'
import { categoryOf } from './catalog'
import {
  DESIGN_VERSION,
  type Design,
  type DesignEdge,
  type DesignNode,
} from '../../../shared/graph/types'

/** What a canvas node carries: exactly the document's fields, nothing derived. */
export interface BlockData extends Record<string, unknown> {
  kind: string
  params: Record<string, unknown>
  label?: string
}

export type BlockNode = Node<BlockData>
export type ShapeEdge = Edge<Record<string, never>, 'shape'>

/** The handle id of input port `port` of a node. */
export const portHandle = (port: number): string => `in${port}`

/** The input port a handle id names (default 0). */
export function handlePort(handle: string | null | undefined): number {
  if (!handle) return 0
  const port = Number(handle.slice(2))
  return Number.isInteger(port) && port >= 0 ? port : 0
}

/** A design's node as a canvas node. */
export function toBlockNode(node: DesignNode): BlockNode {
  const data: BlockData = { kind: node.kind, params: node.params }
  if (node.label !== undefined) data.label = node.label
  return { id: node.id, type: categoryOf(node.kind), position: { ...node.position }, data }
}

/** A design's edge as a canvas edge. */
export function toShapeEdge(edge: DesignEdge): ShapeEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    targetHandle: portHandle(edge.targetPort ?? 0),
    type: 'shape',
  }
}

/** Canvas nodes back to design nodes (positions rounded: they are pixels). */
export function toDesignNodes(nodes: readonly BlockNode[]): DesignNode[] {
  return nodes.map((n) => {
    const node: DesignNode = {
      id: n.id,
      kind: n.data.kind,
      params: n.data.params,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    }
    if (n.data.label !== undefined) node.label = n.data.label
    return node
  })
}

export function toDesignEdges(edges: readonly ShapeEdge[]): DesignEdge[] {
  return edges.map((e) => {
    const port = handlePort(e.targetHandle)
    const edge: DesignEdge = { id: e.id, source: e.source, target: e.target }
    if (port > 0) edge.targetPort = port
    return edge
  })
}

export function toDesign(
  name: string,
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
): Design {
  return { version: DESIGN_VERSION, name, nodes: toDesignNodes(nodes), edges: toDesignEdges(edges) }
}

/** A fresh id for a node of `kind` that `taken` does not hold: conv2d_3, dense_1 … */
export function freshId(kind: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `${kind}_${i}`
    if (!taken.has(id)) return id
  }
}

export function edgeId(source: string, target: string, port: number): string {
  return port > 0 ? `${source}->${target}:${port}` : `${source}->${target}`
}
