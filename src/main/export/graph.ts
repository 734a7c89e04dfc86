/**
 * The exporters' view of an expanded design (`expand` in src/shared/graph): primitive layers
 * in topological order, each with its params (defaults filled).
 */
import type { ExpandedGraph, ParamsOf, PrimitiveKind, PrimitiveNode } from '../../shared/graph'

export type { PrimitiveKind } from '../../shared/graph'
export type ExportGraph = ExpandedGraph
export type ExportNode = PrimitiveNode
export type PrimitiveParamsByKind = { [K in PrimitiveKind]: ParamsOf<K> }

/** The node's params typed by its kind (`expand` fills every default). */
export function paramsOf<K extends PrimitiveKind>(node: ExportNode, kind: K): ParamsOf<K> {
  if (node.kind !== kind)
    throw new Error(`${node.name}: expected a ${kind} layer, got ${node.kind}`)
  return node.params as ParamsOf<K>
}

/** Nodes by id, with a clear error for a dangling reference. */
export function indexNodes(graph: ExportGraph): (id: string) => ExportNode {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  return (id) => {
    const node = byId.get(id)
    if (!node) throw new Error(`the expanded graph has no node ${id}`)
    return node
  }
}
