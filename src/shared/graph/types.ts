/**
 * Core graph types shared by every process. Pure TypeScript: no Node, DOM, Electron or tfjs.
 *
 * Shapes are NHWC without the batch dimension: `[H, W, C]` for feature maps, `[N]` for vectors.
 */

export type Shape = readonly number[]

export interface Position {
  x: number
  y: number
}

/** One block on the canvas. `params` is validated against the kind's schema on load. */
export interface DesignNode {
  id: string
  kind: string
  params: Record<string, unknown>
  position: Position
  /** Optional user-facing name ("conv1"); the id is used when absent. */
  label?: string
}

/** A tensor flowing from `source` into input port `targetPort` (default 0) of `target`. */
export interface DesignEdge {
  id: string
  source: string
  target: string
  targetPort?: number
}

export const DESIGN_VERSION = 1 as const

export interface Design {
  version: typeof DESIGN_VERSION
  name: string
  nodes: DesignNode[]
  edges: DesignEdge[]
}

export type Severity = 'error' | 'warning'

/** A problem found in a design. Diagnostics are values, never thrown. */
export interface Diagnostic {
  /** The node that causes the problem, or null for design-wide problems (e.g. no input). */
  nodeId: string | null
  severity: Severity
  /** Stable machine-readable code, e.g. 'shape-mismatch', 'needs-flatten', 'cycle'. */
  code: string
  message: string
}

/** Parameters and compute of one layer, counted the way the papers count them. */
export interface Cost {
  /** Trainable parameters (weights, biases, BN scale and offset). */
  params: number
  /** Non-trainable parameters (BN moving mean and variance). */
  nonTrainableParams: number
  /** Multiply-accumulates of one forward pass for one example. */
  macs: number
}
