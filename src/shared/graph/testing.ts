import type { Design, DesignEdge, DesignNode } from './types'

/** A node for tests and benchmarks: `node('c1', 'conv2d', {filters: 6})`. */
export function node(id: string, kind: string, params: Record<string, unknown> = {}): DesignNode {
  return { id, kind, params, position: { x: 0, y: 0 } }
}

/** A design from nodes and `[source, target, port?]` connections. */
export function design(
  nodes: DesignNode[],
  links: [string, string, number?][],
  name = 'test',
): Design {
  const edges: DesignEdge[] = links.map(([source, target, port], i) => ({
    id: `e${i + 1}`,
    source,
    target,
    ...(port !== undefined ? { targetPort: port } : {}),
  }))
  return { version: 1, name, nodes, edges }
}

/** A design whose nodes are connected one after the other. */
export function chain(nodes: DesignNode[], name = 'chain'): Design {
  const links: [string, string][] = nodes.slice(1).map((n, i) => [nodes[i]!.id, n.id])
  return design(nodes, links, name)
}
