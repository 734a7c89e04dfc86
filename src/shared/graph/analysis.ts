import type { ExpandedGraph, PrimitiveNode } from './expanded'
import type { Cost, Diagnostic, Shape } from './types'

/** What the analysis knows about one primitive layer. */
export interface LayerInfo {
  id: string
  name: string
  kind: PrimitiveNode['kind']
  /** The top-level design node it comes from. */
  origin: string
  params: Record<string, unknown>
  inputs: string[]
  /** Output shape; null when it cannot be known (an error here or upstream). */
  shape: Shape | null
  cost: Cost
  /** Output values per example. */
  activations: number
  /** Side of the input window one output value sees, in input pixels. */
  receptiveField: number | null
  /** Input pixels between neighbouring output values (product of strides). */
  cumulativeStride: number | null
}

/** What the analysis knows about one top-level design node. */
export interface NodeInfo {
  /** Output shape; null when it cannot be known. */
  shape: Shape | null
  /** Shapes flowing in, in port order. */
  inputShapes: (Shape | null)[]
  /** Sum over the node's layers (a composite's whole inside). */
  cost: Cost
  activations: number
  receptiveField: number | null
  cumulativeStride: number | null
  /** Weight layers on the longest path from the input up to and including this node. */
  depth: number
  /** A composite's layers, for showing its inside; empty for a primitive. */
  inner: LayerInfo[]
}

export interface Totals extends Cost {
  /** Output values per example summed over every layer, the input included. */
  activations: number
  /** Weight layers (conv, dense, output) on the longest path: ResNet-152 has 152. */
  depth: number
}

export interface Analysis {
  /** Per top-level node, keyed by node id. Nodes on a cycle or of unknown kind have shape null. */
  nodes: Record<string, NodeInfo>
  /** Every primitive layer, in the expanded graph's order. */
  layers: LayerInfo[]
  diagnostics: Diagnostic[]
  totals: Totals
  /** No error among the diagnostics (warnings allowed): the design can be compiled. */
  valid: boolean
  inputShape: Shape | null
  outputShape: Shape | null
  graph: ExpandedGraph
}
