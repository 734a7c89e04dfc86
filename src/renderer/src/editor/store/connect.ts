import type { Connection } from '@xyflow/react'
import { blockSpec, isMultiInput } from '../catalog'
import { handlePort, type BlockNode, type ShapeEdge } from '../model'

/** Whether `to` is reachable from `from` along edges. */
function reaches(from: string, to: string, edges: readonly ShapeEdge[]): boolean {
  const out = new Map<string, string[]>()
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target])
  const seen = new Set<string>()
  const todo = [from]
  while (todo.length > 0) {
    const id = todo.pop()!
    if (id === to) return true
    if (seen.has(id)) continue
    seen.add(id)
    todo.push(...(out.get(id) ?? []))
  }
  return false
}

const nameOf = (n: BlockNode): string => n.data.label ?? n.id

/** Why the graph cannot take the connection `c`, or null when it can. */
export function connectionProblem(
  c: Connection,
  nodes: readonly BlockNode[],
  edges: readonly ShapeEdge[],
): string | null {
  const source = nodes.find((n) => n.id === c.source)
  const target = nodes.find((n) => n.id === c.target)
  if (!source || !target) return 'That block no longer exists.'
  if (source.id === target.id) return `${nameOf(target)} cannot feed itself.`
  const spec = blockSpec(target.data.kind)
  if (spec && spec.ports.inputs === 0)
    return `${nameOf(target)} is an input: nothing flows into it.`
  if (blockSpec(source.data.kind)?.kind === 'output')
    return `${nameOf(source)} is the output: nothing flows out of it.`
  if (edges.some((e) => e.source === source.id && e.target === target.id)) {
    return `${nameOf(source)} already feeds ${nameOf(target)}.`
  }
  const port = handlePort(c.targetHandle)
  const into = edges.filter((e) => e.target === target.id)
  if (!isMultiInput(target.data.kind) && into.length > 0) {
    return `${nameOf(target)} takes one input and already has one (from ${into[0]!.source}). Use add or concat to merge tensors.`
  }
  if (into.some((e) => handlePort(e.targetHandle) === port)) {
    return `Input ${port + 1} of ${nameOf(target)} is already connected.`
  }
  if (reaches(target.id, source.id, edges)) {
    return `That would make a cycle: ${nameOf(target)} already flows into ${nameOf(source)}.`
  }
  return null
}
