import { groupOrigin } from './editAsGroup'
import type { DesignEdge, DesignNode } from './types'

/** The id a residual block's sum gets when the block is edited as a group. */
const SUM = 'add'
/** The sum's port the shortcut comes in on: a residual block adds `[main path, shortcut]`. */
const SHORTCUT_PORT = 1

interface Inside {
  nodes: DesignNode[]
  edges: DesignEdge[]
}

const insideOf = (node: DesignNode): Inside => ({
  nodes: Array.isArray(node.params.nodes) ? (node.params.nodes as DesignNode[]) : [],
  edges: Array.isArray(node.params.edges) ? (node.params.edges as DesignEdge[]) : [],
})

/**
 * Whether `node` is a residual block edited as a group whose shortcut is still wired: its `add`
 * node still takes a tensor on port 1. A hand-made group, or one whose `add` the user removed,
 * has no shortcut the twin can name.
 */
export function hasGroupShortcut(node: DesignNode): boolean {
  if (groupOrigin(node)?.kind !== 'residualBlock') return false
  const { nodes, edges } = insideOf(node)
  return (
    nodes.some((n) => n.id === SUM && n.kind === 'add') &&
    edges.some((e) => e.target === SUM && (e.targetPort ?? 0) === SHORTCUT_PORT)
  )
}

/**
 * A residual block edited as a group, with its shortcut taken out as a plain block would have
 * none: the edge into port 1 of `add` goes; an `add` left with one input goes too, its consumers
 * fed by its main path; then what fed only the shortcut (projection conv and batch norm, the
 * zero-pad's pool and pad) goes, since nothing reads it. Every other node (a dropout the user
 * added, changed widths) stays. Any other node comes back unchanged.
 */
export function withoutGroupShortcut(node: DesignNode): DesignNode {
  if (!hasGroupShortcut(node)) return node
  const inside = insideOf(node)
  const sinks = (nodes: DesignNode[], edges: DesignEdge[]) =>
    nodes.filter((n) => n.kind !== 'input' && !edges.some((e) => e.source === n.id))
  const exits = sinks(inside.nodes, inside.edges)
  let edges = inside.edges.filter(
    (e) => !(e.target === SUM && (e.targetPort ?? 0) === SHORTCUT_PORT),
  )
  // The remaining inputs of the sum close up their ports: 0, 1, … in their order.
  const sumInputs = edges
    .filter((e) => e.target === SUM)
    .sort((a, b) => (a.targetPort ?? 0) - (b.targetPort ?? 0))
  const ports = new Map(sumInputs.map((e, i) => [e, i]))
  edges = edges.map((e) => {
    const port = ports.get(e)
    if (port === undefined) return e
    const moved: DesignEdge = { id: e.id, source: e.source, target: e.target }
    if (port > 0) moved.targetPort = port
    return moved
  })
  let nodes = inside.nodes
  let exit = exits.length === 1 ? exits[0]!.id : null
  if (sumInputs.length === 1) {
    const main = sumInputs[0]!.source
    nodes = nodes.filter((n) => n.id !== SUM)
    edges = edges
      .filter((e) => e.target !== SUM)
      .map((e) => (e.source === SUM ? { ...e, id: `${main}->${e.target}`, source: main } : e))
    if (exit === SUM) exit = main
  }
  // Drop what now feeds nothing (the shortcut branch), keeping the group's exit.
  for (;;) {
    const dead = new Set(
      sinks(nodes, edges)
        .filter((n) => n.id !== exit)
        .map((n) => n.id),
    )
    if (dead.size === 0) break
    nodes = nodes.filter((n) => !dead.has(n.id))
    edges = edges.filter((e) => !dead.has(e.target))
  }
  const origin = {
    ...groupOrigin(node)!,
    params: { ...groupOrigin(node)!.params, shortcut: 'none' },
  }
  return { ...node, params: { ...node.params, nodes, edges, origin } }
}
