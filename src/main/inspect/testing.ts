import type { Design, DesignNode } from '../../shared/graph'

/** A chain design from `[id, kind, params]` triples (tests). */
export function chain(name: string, layers: [string, string, Record<string, unknown>][]): Design {
  const nodes: DesignNode[] = layers.map(
    ([id, kind, params], i) => ({ id, kind, params, position: { x: 0, y: i * 100 } }) as DesignNode,
  )
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }))
  return { version: 1, name, nodes, edges }
}
