import type { Builder, PrimitiveSpec, Ref } from './blocks/spec'
import type { ExpandedGraph, PrimitiveNode } from './expanded'
import { readLevel, type Report } from './structure'
import type { Design, DesignEdge, DesignNode, Diagnostic } from './types'

/** The expanded graph plus what the analysis needs to map layers back to design nodes. */
export interface Expansion {
  graph: ExpandedGraph
  /** Problems found while reading the design (kinds, params, connections, cycles). */
  diagnostics: Diagnostic[]
  /** Top-level node id → the primitive that produces its output, or null when none does. */
  exits: Map<string, string | null>
  /** Top-level node ids in topological order (nodes on cycles left out). */
  order: string[]
  /** Top-level node id → source node ids in port order. */
  inputs: Map<string, string[]>
  /** Top-level node id → kind, for every node read. */
  kinds: Map<string, string>
}

/** Where layers being emitted go: id and name prefixes, and the top-level node they belong to. */
interface Scope {
  idPrefix: string
  namePrefix: string
  origin: string
}

class Emitter {
  readonly nodes: PrimitiveNode[] = []
  private readonly names = new Set<string>()

  emit(
    scope: Scope,
    localId: string,
    localName: string,
    spec: PrimitiveSpec,
    params: Record<string, unknown>,
    inputs: string[],
  ): Ref {
    const id = scope.idPrefix + localId
    const node = {
      id,
      name: this.unique(scope.namePrefix + localName),
      kind: spec.kind,
      params,
      inputs,
      origin: scope.origin,
    }
    this.nodes.push(node as PrimitiveNode)
    return id
  }

  private unique(name: string): string {
    let candidate = name
    for (let i = 2; this.names.has(candidate); i++) candidate = `${name}_${i}`
    this.names.add(candidate)
    return candidate
  }

  builder(scope: Scope, expandInner: InnerExpander): Builder {
    return {
      layer: (spec, name, params, inputs) =>
        this.emit(scope, name, name, spec, { ...spec.defaults, ...params }, [...inputs]),
      scope: (name) =>
        this.builder(
          {
            ...scope,
            idPrefix: `${scope.idPrefix}${name}/`,
            namePrefix: `${scope.namePrefix}${name}_`,
          },
          expandInner,
        ),
      design: (inner, x) => expandInner(inner, x, scope),
    }
  }
}

type InnerExpander = (
  inner: { nodes: readonly DesignNode[]; edges: readonly DesignEdge[] },
  x: Ref,
  scope: Scope,
) => Ref

/** A readable layer name from a node's label or id: letters, digits and underscores. */
export function layerName(node: DesignNode): string {
  const raw = (node.label ?? '').trim() || node.id
  const clean = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '')
  return /^[A-Za-z]/.test(clean) ? clean : `${node.kind}_${clean || 'layer'}`
}

/**
 * Expands a design into primitive layers, deterministically: the same design always gives the
 * same nodes, ids, names and order. Problems become diagnostics; a node with a problem (and
 * everything fed only through it) produces no layers.
 */
export function expandDesign(design: Design): Expansion {
  const diagnostics: Diagnostic[] = []
  const emitter = new Emitter()
  const report: Report = (nodeId, code, message, severity = 'error') =>
    diagnostics.push({ nodeId, severity, code, message })

  const expandLevel = (
    nodes: readonly DesignNode[],
    edges: readonly DesignEdge[],
    report: Report,
    outer: Scope | null,
    entry: Ref | null,
  ) => {
    const level = readLevel(nodes, edges, report, entry !== null)
    const exits = new Map<string, Ref | null>()
    for (const { node, spec, params, inputs, usable } of level.order) {
      const from = inputs.map((id) => exits.get(id) ?? null)
      if (!usable || !spec || !params || from.some((r) => r === null)) {
        exits.set(node.id, null)
        continue
      }
      const sources = from as Ref[]
      const name = layerName(node)
      // Inside a group, layers carry the group's prefixes and belong to its top-level node.
      const at: Scope = outer ?? { idPrefix: '', namePrefix: '', origin: node.id }
      if (entry !== null && node.kind === 'input') {
        exits.set(node.id, entry)
      } else if (!spec.composite) {
        exits.set(node.id, emitter.emit(at, node.id, name, spec, params, sources))
      } else {
        const inside: Scope = {
          idPrefix: `${at.idPrefix}${node.id}/`,
          namePrefix: `${at.namePrefix}${name}_`,
          origin: at.origin,
        }
        const out = spec.build(params, emitter.builder(inside, expandGroup), sources[0]!)
        exits.set(node.id, out === NO_REF ? null : out)
      }
    }
    return { level, exits }
  }

  const expandGroup: InnerExpander = (inner, x, scope) => {
    const where = scope.namePrefix.replace(/_$/, '')
    const innerReport: Report = (nodeId, code, message, severity) =>
      report(scope.origin, code, `${where}${nodeId ? ` › ${nodeId}` : ''}: ${message}`, severity)
    const entries = inner.nodes.filter((n) => n.kind === 'input')
    if (entries.length !== 1) {
      innerReport(
        null,
        'group-entry',
        `a group needs exactly one input block inside, has ${entries.length}`,
      )
      return NO_REF
    }
    const { level, exits } = expandLevel(inner.nodes, inner.edges, innerReport, scope, x)
    const sinks = [...level.nodes.values()].filter((n) => n.outputs.length === 0)
    if (sinks.length !== 1) {
      const ids = sinks.map((n) => n.node.id).join(', ')
      innerReport(
        null,
        'group-exit',
        `a group needs exactly one exit, has ${sinks.length} (${ids})`,
      )
      return NO_REF
    }
    return exits.get(sinks[0]!.node.id) ?? NO_REF
  }

  const { level, exits } = expandLevel(design.nodes, design.edges, report, null, null)
  const only = (kind: string) => {
    const found = [...level.nodes.values()].filter((n) => n.node.kind === kind)
    return found.length === 1 ? (exits.get(found[0]!.node.id) ?? '') : ''
  }
  const inputs = new Map<string, string[]>()
  const kinds = new Map<string, string>()
  for (const [id, n] of level.nodes) {
    inputs.set(id, n.inputs)
    kinds.set(id, n.node.kind)
  }
  return {
    graph: { nodes: emitter.nodes, inputId: only('input'), outputId: only('output') },
    diagnostics,
    exits,
    order: level.order.map((n) => n.node.id),
    inputs,
    kinds,
  }
}

/** What a group whose inside is broken produces: nothing (its problems are reported). */
const NO_REF = '' as Ref

/** The primitive graph of a design (see `expandDesign` for the diagnostics). */
export function expand(design: Design): ExpandedGraph {
  return expandDesign(design).graph
}
