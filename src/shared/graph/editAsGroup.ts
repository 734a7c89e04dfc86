import { blockSpec, type CompositeKind } from './blocks'
import { residualBlock } from './blocks/residualBlock'
import type { Builder, PrimitiveSpec, Ref } from './blocks/spec'
import { stageBlocks, type StageParams } from './blocks/stage'
import { describeIssue } from './params'
import type { DesignEdge, DesignNode, Position } from './types'

/** The composite kinds "Edit as group" turns into a group (a group already is one). */
export const EDITABLE_KINDS = [
  'inceptionModule',
  'residualBlock',
  'stage',
] as const satisfies readonly CompositeKind[]
export type EditableKind = (typeof EDITABLE_KINDS)[number]

export function isEditableKind(kind: string): kind is EditableKind {
  return (EDITABLE_KINDS as readonly string[]).includes(kind)
}

/** What a group made by Edit as group records about the block it came from. */
export interface GroupOrigin {
  kind: EditableKind
  params: Record<string, unknown>
}

export type EditAsGroupResult = { ok: true; node: DesignNode } | { ok: false; reason: string }

/** The id of the input node inside the group: it stands for the tensor flowing in. */
export const GROUP_ENTRY = 'in'
/** Spacing of the inside's layout: the same grid grouping uses. */
const COLUMN = 270
const ROW = 140

/**
 * `node` (an inception module, residual block or stage) as a `group` with the same id, label and
 * position whose inside is what the block is made of, wired the same way, so it analyses, compiles
 * and trains the same. The inside is laid out by the block's own `build`, the code `expand` runs,
 * so the two cannot drift apart. A stage becomes a group of its residual blocks (each still a
 * residualBlock, convertible in turn); the others become their primitive layers, named as the
 * expansion names them (`conv1`, `bn1`, `relu1`, `shortcut_conv`, `add`; `b1x1`, `b3x3_reduce`).
 */
export function editAsGroup(node: DesignNode): EditAsGroupResult {
  const spec = blockSpec(node.kind)
  const name = node.label ?? node.id
  if (!isEditableKind(node.kind) || !spec?.composite) {
    const reason =
      node.kind === 'group'
        ? `${name} is already a group: open it to edit its inside.`
        : `Only an inception module, a residual block or a stage can be edited as a group; ${name} is a ${spec?.label ?? node.kind}.`
    return { ok: false, reason }
  }
  const parsed = spec.params.safeParse(node.params)
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => describeIssue(i, node.params)).join('; ')
    return { ok: false, reason: `Fix ${name}'s parameters first: ${why}.` }
  }
  const params = parsed.data as Record<string, unknown>
  const inside = new Inside()
  const exit =
    node.kind === 'stage'
      ? stageBlocks(params as StageParams).reduce(
          (y, block) => inside.add(residualBlock.kind, block.name, block.params, [y]),
          GROUP_ENTRY,
        )
      : spec.build(params, inside.builder(''), GROUP_ENTRY)
  if (inside.failure) return { ok: false, reason: inside.failure }
  const sinks = inside.nodes.filter((n) => !inside.edges.some((e) => e.source === n.id))
  if (sinks.length !== 1 || sinks[0]!.id !== exit) {
    return {
      ok: false,
      reason: `${name}'s layers do not end in one block, so no group holds them.`,
    }
  }
  const origin: GroupOrigin = { kind: node.kind, params }
  const group: DesignNode = {
    id: node.id,
    kind: 'group',
    params: { nodes: tidy(inside.nodes, inside.edges), edges: inside.edges, origin },
    position: { ...node.position },
  }
  if (node.label !== undefined) group.label = node.label
  return { ok: true, node: group }
}

/** The origin recorded on a group made by Edit as group, or null for any other node. */
export function groupOrigin(node: DesignNode): GroupOrigin | null {
  if (node.kind !== 'group') return null
  const origin = node.params.origin as Partial<GroupOrigin> | undefined
  if (!origin || typeof origin !== 'object' || !isEditableKind(String(origin.kind))) return null
  const params = origin.params
  return typeof params === 'object' && params !== null
    ? { kind: origin.kind!, params: params as Record<string, unknown> }
    : null
}

/** Records the layers a composite's `build` lays out as the nodes and edges of a group's inside. */
class Inside {
  readonly nodes: DesignNode[] = [
    { id: GROUP_ENTRY, kind: 'input', params: {}, position: { x: 0, y: 0 } },
  ]
  readonly edges: DesignEdge[] = []
  failure: string | null = null

  add(kind: string, name: string, params: Record<string, unknown>, inputs: readonly Ref[]): Ref {
    const id = this.unique(readableId(name))
    this.nodes.push({ id, kind, params, position: { x: 0, y: 0 } })
    inputs.forEach((source, port) => {
      this.edges.push({
        id: port > 0 ? `${source}->${id}:${port}` : `${source}->${id}`,
        source,
        target: id,
        ...(port > 0 ? { targetPort: port } : {}),
      })
    })
    return id
  }

  builder(prefix: string): Builder {
    return {
      layer: (spec: PrimitiveSpec, name, params, inputs) =>
        // Every param written out, as expand fills them: the inside reads the same on any version.
        this.add(spec.kind, prefix + name, { ...spec.defaults, ...params }, inputs),
      scope: (name) => this.builder(`${prefix}${name}_`),
      design: () => {
        this.failure = 'A block holding a custom sub-design cannot be edited as a group.'
        return GROUP_ENTRY
      },
    }
  }

  private unique(id: string): string {
    const taken = (x: string) => this.nodes.some((n) => n.id === x)
    let candidate = id
    for (let i = 2; taken(candidate); i++) candidate = `${id}_${i}`
    return candidate
  }
}

/** An id that reads as a layer name: GoogLeNet's "1x1" branch becomes b1x1, as its param is called. */
function readableId(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]+/g, '_')
  return /^[A-Za-z]/.test(clean) ? clean : `b${clean}`
}

/**
 * Positions for the inside: one row per step from the entry. A node continues its first input's
 * column when it is that input's first consumer, otherwise it opens a column to the right, so an
 * inception module's four branches stand side by side and a residual block's shortcut runs beside
 * its main path; a merge (concat, add) sits centred under what it merges.
 */
function tidy(nodes: readonly DesignNode[], edges: readonly DesignEdge[]): DesignNode[] {
  const inputsOf = (id: string) =>
    edges
      .filter((e) => e.target === id)
      .sort((a, b) => (a.targetPort ?? 0) - (b.targetPort ?? 0))
      .map((e) => e.source)
  const at = new Map<string, Position>()
  const continued = new Set<string>()
  let columns = 0
  // `nodes` is in build order, which is topological: every input comes before its consumers.
  for (const n of nodes) {
    const inputs = inputsOf(n.id).map((id) => ({ id, at: at.get(id)! }))
    const y = inputs.length ? Math.max(...inputs.map((i) => i.at.y)) + ROW : 0
    const first = inputs[0]
    let x: number
    if (first === undefined) x = 0
    else if (new Set(inputs.map((i) => i.at.x)).size > 1)
      x = inputs.reduce((sum, i) => sum + i.at.x, 0) / inputs.length
    else if (!continued.has(first.id)) x = first.at.x
    else x = ++columns * COLUMN
    if (first !== undefined) continued.add(first.id)
    at.set(n.id, { x, y })
  }
  return nodes.map((n) => ({ ...n, position: at.get(n.id)! }))
}
