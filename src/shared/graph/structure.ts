import { blockSpec, type AnyBlockSpec } from './blocks'
import { readParams } from './params'
import type { DesignEdge, DesignNode, Severity } from './types'

/** A problem found while reading one level of a design (the top level or a group's inside). */
export type Report = (
  nodeId: string | null,
  code: string,
  message: string,
  severity?: Severity,
) => void

/** One node of a level, with its spec and validated params when both are good. */
export interface LevelNode {
  node: DesignNode
  spec: AnyBlockSpec | undefined
  params: Record<string, unknown> | undefined
  /** Source node ids in port order. */
  inputs: string[]
  outputs: string[]
  /** False when the node itself has an error: it produces no tensor. */
  usable: boolean
}

/** A level read and checked: nodes by id, and a topological order (nodes on cycles left out). */
export interface Level {
  nodes: Map<string, LevelNode>
  order: LevelNode[]
}

/**
 * Checks one level: duplicate ids, unknown kinds, params against their schema, dangling edges,
 * input counts, cycles. Reports each problem once; never throws.
 */
export function readLevel(
  nodes: readonly DesignNode[],
  edges: readonly DesignEdge[],
  report: Report,
  inGroup = false,
): Level {
  const byId = new Map<string, LevelNode>()
  for (const node of nodes) {
    if (byId.has(node.id)) {
      report(node.id, 'duplicate-id', `${node.kind}: id ${node.id} is used by another block`)
      continue
    }
    const spec = blockSpec(node.kind)
    const entry: LevelNode = {
      node,
      spec,
      params: undefined,
      inputs: [],
      outputs: [],
      usable: false,
    }
    byId.set(node.id, entry)
    if (!spec) {
      report(node.id, 'unknown-kind', `unknown block kind '${node.kind}'`)
      continue
    }
    if (inGroup && node.kind === 'output') {
      report(node.id, 'group-output', 'output: the output block cannot be inside a group')
      continue
    }
    // A group's input stands for the tensor flowing in: its own params play no part.
    entry.params = readParams(
      spec,
      inGroup && node.kind === 'input' ? { ...node, params: {} } : node,
      report,
    )
    entry.usable = entry.params !== undefined
  }

  const incoming = new Map<string, { source: string; port: number; index: number }[]>()
  edges.forEach((edge, index) => {
    const source = byId.get(edge.source)
    const target = byId.get(edge.target)
    if (!source || !target) {
      const missing = !source ? edge.source : edge.target
      const present = source ? edge.source : target ? edge.target : null
      report(present, 'dangling-edge', `connection ${edge.id} points to missing block ${missing}`)
      return
    }
    const list = incoming.get(edge.target) ?? []
    list.push({ source: edge.source, port: edge.targetPort ?? 0, index })
    incoming.set(edge.target, list)
    source.outputs.push(edge.target)
  })
  for (const [target, list] of incoming) {
    list.sort((a, b) => a.port - b.port || a.index - b.index)
    byId.get(target)!.inputs = list.map((e) => e.source)
  }

  for (const entry of byId.values()) checkArity(entry, report)
  return { nodes: byId, order: topologicalOrder(byId, report) }
}

function checkArity(entry: LevelNode, report: Report): void {
  const { spec, node, inputs } = entry
  if (!spec) return
  const { inputs: n, variadic } = spec.ports
  const has = inputs.length
  let problem: [string, string] | undefined
  if (n === 0 && has > 0) problem = ['too-many-inputs', `takes no inputs, has ${has}`]
  else if (has === 0 && n > 0) problem = ['missing-input', 'no input connected']
  else if (variadic && has < n)
    problem = ['missing-input', `needs at least ${n} inputs, has ${has}`]
  else if (!variadic && has > n)
    problem = ['too-many-inputs', `takes ${n} input${n === 1 ? '' : 's'}, has ${has}`]
  else if (!variadic && has < n) problem = ['missing-input', `needs ${n} inputs, has ${has}`]
  if (problem) {
    report(node.id, problem[0], `${node.kind}: ${problem[1]}`)
    entry.usable = false
  }
}

/** Kahn's algorithm in design order; whatever cannot be ordered lies on or behind a cycle. */
function topologicalOrder(byId: Map<string, LevelNode>, report: Report): LevelNode[] {
  const pending = new Map<string, number>()
  for (const entry of byId.values()) pending.set(entry.node.id, entry.inputs.length)
  const order: LevelNode[] = []
  for (const entry of byId.values()) if (entry.inputs.length === 0) order.push(entry)
  for (let i = 0; i < order.length; i++) {
    for (const target of order[i]!.outputs) {
      const left = pending.get(target)! - 1
      pending.set(target, left)
      if (left === 0) order.push(byId.get(target)!)
    }
  }
  if (order.length < byId.size) {
    const stuck = new Set([...byId.keys()].filter((id) => pending.get(id)! > 0))
    for (const cycle of findCycles(stuck, byId)) {
      report(cycle[0]!, 'cycle', `cycle through ${cycle.join(' → ')}`)
    }
  }
  return order
}

/**
 * One cycle per strongly connected part of the stuck nodes, as a closed path
 * ["n3", "n7", "n3"]. Nodes merely downstream of a cycle are not reported.
 */
function findCycles(stuck: Set<string>, byId: Map<string, LevelNode>): string[][] {
  const cycles: string[][] = []
  const done = new Set<string>()
  for (const start of stuck) {
    if (done.has(start)) continue
    // Walk backwards along stuck inputs: every stuck node has one, so the walk must repeat.
    const seen = new Map<string, number>()
    const path: string[] = []
    let at = start
    while (!seen.has(at) && !done.has(at)) {
      seen.set(at, path.length)
      path.push(at)
      const back = byId.get(at)!.inputs.find((id) => stuck.has(id))
      if (back === undefined) break
      at = back
    }
    if (seen.has(at) && !done.has(at)) {
      const loop = path.slice(seen.get(at)!).reverse()
      // Start at the block that comes first in the design, so the message is stable.
      const rank = [...byId.keys()]
      const first = loop.reduce(
        (best, id, i) => (rank.indexOf(id) < rank.indexOf(loop[best]!) ? i : best),
        0,
      )
      const rotated = [...loop.slice(first), ...loop.slice(0, first)]
      cycles.push([...rotated, rotated[0]!])
    }
    for (const id of path) done.add(id)
  }
  return cycles
}
