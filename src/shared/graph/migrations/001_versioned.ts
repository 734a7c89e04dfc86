import type { Migration } from './index'

/**
 * Version 0 is a hand-written file from before the format had a version: `version` missing,
 * edges possibly without ids, nodes possibly without positions or params. Version 1 has them all.
 */
export const migration001: Migration = {
  to: 1,
  description: 'add version, edge ids, node positions and params',
  up: (file) => {
    const nodes = Array.isArray(file.nodes) ? file.nodes : []
    const edges = Array.isArray(file.edges) ? file.edges : []
    return {
      ...file,
      version: 1,
      name: typeof file.name === 'string' ? file.name : 'Untitled',
      nodes: nodes.map((n: unknown, i: number) =>
        isObject(n) ? { params: {}, position: { x: 0, y: i * 100 }, ...n } : n,
      ),
      edges: edges.map((e: unknown, i: number) => (isObject(e) ? { id: `e${i + 1}`, ...e } : e)),
    }
  },
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
