import { inferLayers } from '../../shared/graph/infer'
import type { ExportGraph } from './graph'

/** NHWC shape without the batch: `[H, W, C]` or `[N]`. */
export type Shape = number[]

/**
 * Every layer's output shape (NHWC, no batch), keyed by node id: the graph core's own inference,
 * so an export sees exactly the shapes the editor showed. Throws for a layer whose shape is
 * unknown (exports take only graphs that `analyze` found valid).
 */
export function inferShapes(graph: ExportGraph): Map<string, Shape> {
  const shapes = new Map<string, Shape>()
  for (const layer of inferLayers(graph, new Map()).layers) {
    if (layer.shape === null) throw new Error(`${layer.name}: its output shape is not known`)
    shapes.set(layer.id, [...layer.shape])
  }
  return shapes
}
