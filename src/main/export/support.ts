import type { ExportNode, ExportGraph } from './graph'
import { ExportError, type ExportFormat } from './types'

/** Why a format cannot express one layer, or undefined when it can. */
type Check = (node: ExportNode) => string | undefined

const strideWithDilation: Check = (node) => {
  if (node.kind !== 'conv2d') return undefined
  const p = node.params as { stride: number; dilation: number }
  return p.stride > 1 && p.dilation > 1
    ? 'a convolution with both stride > 1 and dilation > 1'
    : undefined
}

const checks: Record<ExportFormat, Check[]> = {
  // tfjs and Keras refuse strided dilated convolutions; ONNX and PyTorch take them.
  tfjs: [strideWithDilation],
  keras: [strideWithDilation],
  onnx: [],
  pytorch: [],
  design: [],
}

/** Throws a clear `unsupported-block` error when the format cannot express some layer of the graph. */
export function assertExpressible(graph: ExportGraph, format: ExportFormat): void {
  for (const node of graph.nodes) {
    for (const check of checks[format]) {
      const why = check(node)
      if (why) {
        throw new ExportError(
          'unsupported-block',
          `${format} cannot express block ${node.origin} (layer ${node.name}, ${node.kind}): ${why}`,
        )
      }
    }
  }
}
