/**
 * The exporters' view of an expanded design: primitive layers in topological order, each
 * with its params (defaults filled) as documented in docs/architecture.md.
 */

export interface PrimitiveParamsByKind {
  input: { height: number; width: number; channels: number }
  conv2d: {
    filters: number
    kernel: number
    stride: number
    padding: 'same' | 'valid' | 'explicit'
    pad: number
    dilation: number
    useBias: boolean
  }
  dense: { units: number; useBias: boolean }
  maxPool2d: { pool: number; stride: number; padding: 'valid' | 'same' }
  avgPool2d: { pool: number; stride: number; padding: 'valid' | 'same' }
  globalAvgPool: Record<string, never>
  flatten: Record<string, never>
  activation: { fn: 'relu' | 'sigmoid' | 'tanh' | 'elu' | 'leakyRelu' | 'softmax' | 'linear'; alpha: number }
  batchNorm: { epsilon: number; momentum: number; center: boolean; scale: boolean }
  lrn: { size: number; alpha: number; beta: number; k: number }
  dropout: { rate: number }
  zeroPad2d: { top: number; bottom: number; left: number; right: number }
  concat: Record<string, never>
  add: Record<string, never>
  output: { classes: number }
}

export type PrimitiveKind = keyof PrimitiveParamsByKind

export interface ExportNode {
  id: string
  /** Readable, unique layer name (`conv1`, `stage2_block1_conv2`); tfjs layers carry it. */
  name: string
  kind: PrimitiveKind
  params: object
  inputs: string[]
  /** The top-level design node this layer came from. */
  origin: string
}

export interface ExportGraph {
  nodes: readonly ExportNode[]
  inputId: string
  outputId: string
}

/** The node's params typed by its kind (`expand` fills every default). */
export function paramsOf<K extends PrimitiveKind>(node: ExportNode, kind: K): PrimitiveParamsByKind[K] {
  if (node.kind !== kind) throw new Error(`${node.name}: expected a ${kind} layer, got ${node.kind}`)
  return node.params as PrimitiveParamsByKind[K]
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

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`)
}
