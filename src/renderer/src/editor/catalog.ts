/**
 * The editor's window onto the graph core: block specs by kind, and the analysis. The
 * renderer runs the analysis itself, in the browser, once per document change.
 */
import {
  analyze,
  blocks,
  blockSpec as coreSpec,
  CATEGORIES,
  type Analysis as CoreAnalysis,
  type BlockSpec,
  type Category,
  type Design,
  type Diagnostic,
} from '../../../shared/graph'

export type { BlockSpec, Category }
export { CATEGORIES }

/** The core's analysis plus the diagnostics grouped by node, for the nodes' badges. */
export interface Analysis extends CoreAnalysis {
  byNode: Record<string, Diagnostic[]>
}

/** Every block kind, in catalog order. */
export const blockList: readonly BlockSpec[] = blocks as readonly BlockSpec[]

/** The spec of `kind`, or undefined for a kind this version does not know. */
export const blockSpec = (kind: string): BlockSpec | undefined => coreSpec(kind)

/** Whether `kind` takes several inputs (add, concat). */
export function isMultiInput(kind: string): boolean {
  return coreSpec(kind)?.ports.variadic === true
}

/** The palette section and node family of `kind`. */
export function categoryOf(kind: string): Category {
  return coreSpec(kind)?.category ?? 'layers'
}

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  io: 'Input & output',
  layers: 'Layers',
  activations: 'Activations',
  pooling: 'Pooling',
  normalisation: 'Normalisation',
  merge: 'Merge',
  composite: 'Composite',
}

/** The analysis of `design`, with per-node diagnostics. */
export function analyzeDesign(design: Design): Analysis {
  const core = analyze(design)
  const byNode: Record<string, Diagnostic[]> = {}
  for (const d of core.diagnostics) if (d.nodeId !== null) (byNode[d.nodeId] ??= []).push(d)
  return { ...core, byNode }
}

/** The analysis of an empty design (before the first load). */
export const emptyAnalysis = (): Analysis =>
  analyzeDesign({ version: 1, name: '', nodes: [], edges: [] })
