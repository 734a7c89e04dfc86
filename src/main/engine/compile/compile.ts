import * as tfl from '@tensorflow/tfjs-layers'
import type { ExpandedGraph, PrimitiveNode } from '../../../shared/graph'
import { builders } from '../layers'
import type { BuildContext } from '../layers/types'

/** A compiled design: the exported model (ends in softmax) and a view of it that ends in logits. */
export interface CompiledModel {
  /** Input → class probabilities; what is saved and exported. */
  model: tfl.LayersModel
  /** The same layers up to the output's dense layer; the loss is computed from its logits. */
  logits: tfl.LayersModel
  /** The output node's number of classes. */
  classes: number
}

export interface CompileOptions {
  /** Seeds every weight initialiser, so one seed gives one starting point. */
  seed?: number
  name?: string
}

/**
 * Builds the expanded primitive graph (topologically sorted) into a tfjs functional model.
 * Throws with the offending layer's name when the graph cannot be built; call `analyze` first
 * to give the person diagnostics instead.
 */
export function compile(graph: ExpandedGraph, options: CompileOptions = {}): CompiledModel {
  const tensors = new Map<string, tfl.SymbolicTensor>()
  const seedFor = (name: string) =>
    options.seed === undefined ? undefined : layerSeed(options.seed, name)
  const rectified = rectifiedLayers(graph)
  const ctx: BuildContext = {
    seedFor,
    kernelInitializer: (node) => {
      const seed = seedFor(node.name)
      const args = seed === undefined ? {} : { seed }
      return rectified.has(node.id)
        ? tfl.initializers.heNormal(args)
        : tfl.initializers.glorotUniform(args)
    },
  }
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((id) => {
      const t = tensors.get(id)
      if (t === undefined)
        throw new Error(
          `${node.name}: input ${id} is not built before it (graph not in topological order)`,
        )
      return t
    })
    try {
      // Each node's kind picks its own builder; TypeScript cannot correlate the two through the map.
      const build = builders[node.kind] as (
        n: typeof node,
        i: tfl.SymbolicTensor[],
        c: BuildContext,
      ) => tfl.SymbolicTensor
      tensors.set(node.id, build(node, inputs, ctx))
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      throw new Error(
        message.startsWith(node.name) ? message : `${node.name} (${node.kind}): ${message}`,
      )
    }
  }
  const input = tensors.get(graph.inputId)
  const output = tensors.get(graph.outputId)
  const outputNode = graph.nodes.find((n) => n.id === graph.outputId)
  if (input === undefined || output === undefined || outputNode === undefined)
    throw new Error('the graph has no input or no output')
  if (outputNode.kind !== 'output')
    throw new Error(`the last layer must be an output block, got ${outputNode.kind}`)
  const name = options.name ?? 'blockwise'
  const model = tfl.model({ inputs: input, outputs: output, name })
  const logitsTensor = model.getLayer(outputNode.name).output as tfl.SymbolicTensor
  const logits = tfl.model({ inputs: input, outputs: logitsTensor, name: `${name}_logits` })
  const classes = logitsTensor.shape[logitsTensor.shape.length - 1]
  if (classes == null) throw new Error('the output has no class count')
  return { model, logits, classes }
}

const RECTIFIERS = new Set(['relu', 'leakyRelu', 'elu'])
const PASS_THROUGH = new Set(['batchNorm', 'dropout', 'zeroPad2d', 'maxPool2d'])

/**
 * Weight layers whose output reaches a ReLU-like unit (through batch norm, dropout, padding or
 * pooling): He initialisation keeps their signal's variance; Glorot suits the rest (sigmoid, tanh,
 * logits), as in Keras.
 */
function rectifiedLayers(graph: ExpandedGraph): Set<string> {
  const consumers = new Map<string, PrimitiveNode[]>()
  for (const n of graph.nodes)
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n])
  const reachesRectifier = (id: string, depth: number): boolean =>
    depth < 8 &&
    (consumers.get(id) ?? []).some((c) =>
      c.kind === 'activation'
        ? RECTIFIERS.has(c.params.fn)
        : PASS_THROUGH.has(c.kind) && reachesRectifier(c.id, depth + 1),
    )
  return new Set(
    graph.nodes
      .filter((n) => (n.kind === 'conv2d' || n.kind === 'dense') && reachesRectifier(n.id, 0))
      .map((n) => n.id),
  )
}

/** A deterministic 31-bit seed per layer name (FNV-1a over the name, mixed with the run's seed). */
function layerSeed(seed: number, name: string): number {
  let h = (2166136261 ^ seed) >>> 0
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0
  return h & 0x7fffffff
}

/** Trainable and non-trainable weight counts of a model, as `analyze` counts them. */
export function countParams(model: tfl.LayersModel): {
  params: number
  nonTrainableParams: number
} {
  const size = (ws: tfl.LayerVariable[]) => ws.reduce((s, w) => s + w.read().size, 0)
  return {
    params: size(model.trainableWeights),
    nonTrainableParams: size(model.nonTrainableWeights),
  }
}
