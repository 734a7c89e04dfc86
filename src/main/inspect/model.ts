import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import * as tfLayers from '@tensorflow/tfjs-layers'
import { analyze, type Analysis, type Design, type LayerInfo } from '../../shared/graph'
import { compile, type CompiledModel } from '../engine/compile'
import { folderReader } from '../engine/trainer/checkpoint'
import { layerFields, type LayerField } from './geometry'

/** A run's network with its best checkpoint's weights, ready to look inside. */
export interface RunModel {
  compiled: CompiledModel
  analysis: Analysis
  fields: Map<string, LayerField>
  /** The primitive layer called `name`; throws a readable error for an unknown one. */
  layer(name: string): LayerInfo
  /** A model from the input to the named layer's output (built once per layer). */
  upTo(name: string): tfl.LayersModel
  dispose(): void
}

/** Why a request about a layer cannot be answered (wrong name, not a conv layer …). */
export class InspectInputError extends Error {}

/**
 * Compiles the run's design and loads a checkpoint's weights into it by weight name, so the
 * loaded network is exactly what the trainer built (custom layers included).
 */
export async function loadRunModel(design: Design, checkpointDir: string): Promise<RunModel> {
  const analysis = analyze(design)
  if (!analysis.valid)
    throw new Error("the run's design is not valid any more; it cannot be loaded")
  const compiled = compile(analysis.graph, { name: design.name })
  try {
    const artifacts = await folderReader(checkpointDir).load!()
    if (!artifacts.weightSpecs || artifacts.weightData === undefined)
      throw new Error(`no weights in ${checkpointDir}`)
    const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs)
    try {
      compiled.model.loadWeights(named, true)
    } finally {
      tf.dispose(Object.values(named))
    }
  } catch (e) {
    compiled.model.dispose()
    throw new Error(
      `cannot load checkpoint ${checkpointDir}: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  const byName = new Map(analysis.layers.map((l) => [l.name, l]))
  const partial = new Map<string, tfl.LayersModel>()
  const layer = (name: string): LayerInfo => {
    const l = byName.get(name)
    if (!l)
      throw new InspectInputError(
        `no layer "${name}" in this network (layers: ${[...byName.keys()].slice(0, 12).join(', ')}…)`,
      )
    return l
  }
  return {
    compiled,
    analysis,
    fields: layerFields(analysis),
    layer,
    upTo(name) {
      layer(name)
      let m = partial.get(name)
      if (!m) {
        const out = compiled.model.getLayer(name).output as tfl.SymbolicTensor
        m = tfLayers.model({ inputs: compiled.model.inputs, outputs: out })
        partial.set(name, m)
      }
      return m
    },
    dispose() {
      // The partial models share the layers (and weights) of the full one.
      compiled.model.dispose()
    },
  }
}

/** Layers with an H×W×C output: what filters, top patches and feature maps can show. */
export function spatialLayers(analysis: Analysis): LayerInfo[] {
  return analysis.layers.filter(
    (l) => l.shape !== null && l.shape.length === 3 && l.kind !== 'input',
  )
}
