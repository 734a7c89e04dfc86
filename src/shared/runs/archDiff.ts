import type { Design, DesignEdge, DesignNode } from '../graph/types'

export interface ParamChange {
  param: string
  from: unknown
  to: unknown
}

export interface ChangedNode {
  id: string
  kind: string
  /** The kind in the base design when it differs. */
  fromKind?: string
  changes: ParamChange[]
}

/** How design `b` differs from design `a`, block by block (blocks are matched by id). */
export interface ArchDiff {
  added: DesignNode[]
  removed: DesignNode[]
  changed: ChangedNode[]
  unchanged: string[]
  addedEdges: DesignEdge[]
  removedEdges: DesignEdge[]
}

export type NodeStatus = 'added' | 'removed' | 'changed' | 'same'

const edgeKey = (e: DesignEdge): string => `${e.source}->${e.target}:${e.targetPort ?? 0}`
const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y)

function paramChanges(a: DesignNode, b: DesignNode): ParamChange[] {
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])]
  const changes = keys
    .filter((k) => !same(a.params[k], b.params[k]))
    .map((param) => ({ param, from: a.params[param], to: b.params[param] }))
  if ((a.label ?? '') !== (b.label ?? ''))
    changes.push({ param: 'label', from: a.label, to: b.label })
  return changes
}

/**
 * The architecture diff of two designs: blocks added, removed and changed (kind or params),
 * connections added and removed. Positions are ignored; designs from one template share ids,
 * so a changed width shows as a changed block rather than a removal and an addition.
 */
export function architectureDiff(a: Design, b: Design): ArchDiff {
  const inA = new Map(a.nodes.map((n) => [n.id, n]))
  const inB = new Map(b.nodes.map((n) => [n.id, n]))
  const changed: ChangedNode[] = []
  const unchanged: string[] = []
  for (const nb of b.nodes) {
    const na = inA.get(nb.id)
    if (!na) continue
    const changes = na.kind === nb.kind ? paramChanges(na, nb) : []
    if (na.kind !== nb.kind)
      changed.push({ id: nb.id, kind: nb.kind, fromKind: na.kind, changes: [] })
    else if (changes.length > 0) changed.push({ id: nb.id, kind: nb.kind, changes })
    else unchanged.push(nb.id)
  }
  const edgesA = new Set(a.edges.map(edgeKey))
  const edgesB = new Set(b.edges.map(edgeKey))
  return {
    added: b.nodes.filter((n) => !inA.has(n.id)),
    removed: a.nodes.filter((n) => !inB.has(n.id)),
    changed,
    unchanged,
    addedEdges: b.edges.filter((e) => !edgesA.has(edgeKey(e))),
    removedEdges: a.edges.filter((e) => !edgesB.has(edgeKey(e))),
  }
}

/** Each block's status in a diff, for colouring a graph. */
export function nodeStatuses(diff: ArchDiff): Map<string, NodeStatus> {
  const m = new Map<string, NodeStatus>()
  for (const id of diff.unchanged) m.set(id, 'same')
  for (const c of diff.changed) m.set(c.id, 'changed')
  for (const n of diff.added) m.set(n.id, 'added')
  for (const n of diff.removed) m.set(n.id, 'removed')
  return m
}

/** True when the two designs are the same network. */
export const isSameArchitecture = (d: ArchDiff): boolean =>
  d.added.length +
    d.removed.length +
    d.changed.length +
    d.addedEdges.length +
    d.removedEdges.length ===
  0
