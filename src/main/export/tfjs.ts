import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { initBackend } from '../engine/backend'
import { compile } from '../engine/compile'
import type { ExportGraph } from './graph'
import { assertExpressible } from './support'
import { folderSaveHandler } from './tfjsFiles'
import type { LayerWeights } from './types'
import { setModelWeights } from './weights'

/**
 * Writes a tfjs LayersModel (`model.json` + `weights.bin`) loadable with `tf.loadLayersModel`.
 * A model with LRN also gets `blockwise-lrn.js`, which registers the custom layer; import it
 * before loading. Returns the files written.
 */
export async function exportTfjs(
  graph: ExportGraph,
  weights: LayerWeights,
  outDir: string,
  name: string,
): Promise<string[]> {
  assertExpressible(graph, 'tfjs')
  // Building the model needs some backend; a CLI process has none yet, and the CPU one suffices.
  if (!tf.engine().backendName) await initBackend('cpu')
  const { model } = compile(graph as Parameters<typeof compile>[0], { name: tfjsName(name) })
  try {
    setModelWeights(model, weights)
    await model.save(folderSaveHandler(outDir))
  } finally {
    model.dispose()
  }
  const files = [join(outDir, 'model.json'), join(outDir, 'weights.bin')]
  if (graph.nodes.some((n) => n.kind === 'lrn')) {
    writeFileSync(join(outDir, 'blockwise-lrn.js'), LRN_JS)
    files.push(join(outDir, 'blockwise-lrn.js'))
  }
  return files
}

/** tfjs model names must be identifiers-ish; keep letters, digits and underscores. */
function tfjsName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'blockwise'
}

// The same computation as the app's layer (src/main/engine/layers/lrnLayer.ts), for people
// loading the model in their own tfjs code.
const LRN_JS = `// Registers Blockwise's local response normalisation layer with TensorFlow.js.
// Usage: import * as tf from '@tensorflow/tfjs'; import { registerLrn } from './blockwise-lrn.js'
//        registerLrn(tf); const model = await tf.loadLayersModel('.../model.json')
export function registerLrn(tf) {
  class BlockwiseLRN extends tf.layers.Layer {
    static className = 'BlockwiseLRN'
    constructor(config) {
      super(config)
      this.size = config.size
      this.alpha = config.alpha
      this.beta = config.beta
      this.k = config.k
    }
    call(inputs) {
      const x = Array.isArray(inputs) ? inputs[0] : inputs
      // b = a / (k + alpha * sum of a^2 over 2*floor(size/2)+1 channels)^beta
      return tf.localResponseNormalization(x, Math.floor(this.size / 2), this.k, this.alpha, this.beta)
    }
    getConfig() {
      return { ...super.getConfig(), size: this.size, alpha: this.alpha, beta: this.beta, k: this.k }
    }
  }
  tf.serialization.registerClass(BlockwiseLRN)
}
`
