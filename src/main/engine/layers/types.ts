import type * as tfl from '@tensorflow/tfjs-layers'
import type { SymbolicTensor } from '@tensorflow/tfjs-layers'
import type { PrimitiveKind, PrimitiveNode, PrimitiveNodeOf } from '../../../shared/graph'

/**
 * Turns one primitive node into tfjs layers applied to its (already built) inputs and returns
 * the node's output tensor. The main layer is named after the node, so a tfjs layer can be
 * traced back to the design.
 */
export type Builder<K extends PrimitiveKind = PrimitiveKind> = (
  node: PrimitiveNodeOf<K>,
  inputs: SymbolicTensor[],
  ctx: BuildContext,
) => SymbolicTensor

/** What a builder may ask the compiler for. */
export interface BuildContext {
  /** A weight-initialiser seed for the named layer, derived from the run's seed (undefined: random). */
  seedFor(layerName: string): number | undefined
  /** The kernel initialiser for a weight layer: He before ReLU-like units, Glorot otherwise. */
  kernelInitializer(node: PrimitiveNode): ReturnType<typeof tfl.initializers.heNormal>
}

/** The single input of a one-input kind, with a clear error when the graph is malformed. */
export function single(node: PrimitiveNode, inputs: SymbolicTensor[]): SymbolicTensor {
  const [x] = inputs
  if (x === undefined || inputs.length !== 1) {
    throw new Error(`${node.name}: ${node.kind} takes one input, got ${inputs.length}`)
  }
  return x
}

/** Applies a layer to one symbolic tensor (tfjs types `apply` loosely). */
export function applyTo(
  layer: { apply(x: SymbolicTensor | SymbolicTensor[]): unknown },
  x: SymbolicTensor | SymbolicTensor[],
): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor
}
