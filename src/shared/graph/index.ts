/** The graph core: design files, the block catalog, expansion, shape inference, cost. */
export * from './types'
export type { Analysis, LayerInfo, NodeInfo, Totals } from './analysis'
export type { ExpandedGraph, PrimitiveNode, PrimitiveNodeOf } from './expanded'
export {
  blocks,
  blockSpec,
  isBlockKind,
  CATEGORIES,
  type AnyBlockSpec,
  type BlockKind,
  type BlockSpec,
  type Category,
  type CompositeKind,
  type ParamsOf,
  type PrimitiveKind,
} from './blocks'
export { analyze } from './analyze'
export {
  describeMemory,
  evalBatchSize,
  formatBytes,
  memoryForecast,
  memoryProblem,
  MAX_TENSOR_VALUES,
  WASM_HEAP_BYTES,
  type MemoryForecast,
} from './memory'
export { expand, expandDesign, layerName } from './expand'
export { parseDesignFile, serializeDesign, type ParseResult } from './file'
export { formatShape, samePads, shapeSize, type AxisPads } from './shape'
export { fieldVisible, paramFields, type ParamField } from './fields'
