import type { ParamsOf, PrimitiveKind } from './blocks'

/** One layer of the expanded graph, its params typed by its kind. */
export interface PrimitiveNodeOf<K extends PrimitiveKind> {
  /** Unique id: the design node's id, or `<origin>/<local path>` inside a composite. */
  id: string
  /** Readable, unique layer name (`conv1`, `stage2_block1_conv2`). */
  name: string
  kind: K
  /** Every param, defaults filled. */
  params: ParamsOf<K>
  /** Ids of the primitives feeding it, in port order. */
  inputs: string[]
  /** The top-level design node it comes from. */
  origin: string
}

export type PrimitiveNode = { [K in PrimitiveKind]: PrimitiveNodeOf<K> }[PrimitiveKind]

/** The design as primitive layers, in topological order. */
export interface ExpandedGraph {
  nodes: PrimitiveNode[]
  /** The input layer's id; '' when the design has no input (analyze says why). */
  inputId: string
  /** The output layer's id; '' when the design has no output (analyze says why). */
  outputId: string
}
