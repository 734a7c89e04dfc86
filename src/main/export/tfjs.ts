import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs-core'
import { initBackend } from '../engine/backend'
import { compile } from '../engine/compile'
import { needsDeepStack, startDeepThread } from '../engine/deepStack'
import { findEntry } from '../engine/spawn'
import type { ExportGraph } from './graph'
import { assertExpressible } from './support'
import { folderSaveHandler } from './tfjsFiles'
import { ExportError, type LayerWeights } from './types'
import { setModelWeights } from './weights'

/** One tfjs export, as `tfjsThread.ts` receives it. */
export interface TfjsJob {
  graph: ExportGraph
  weights: LayerWeights
  outDir: string
  name: string
}

/** What the tfjs export thread answers. */
export type TfjsAnswer = { ok: true; files: string[] } | { ok: false; message: string }

/**
 * Writes a tfjs LayersModel (`model.json` + `weights.bin`) loadable with `tf.loadLayersModel`.
 * A model with LRN also gets `blockwise-lrn.js`, which registers the custom layer; import it
 * before loading. A graph deeper than this thread's stack builds is written on a deep-stack
 * thread. Returns the files written.
 */
export async function exportTfjs(
  graph: ExportGraph,
  weights: LayerWeights,
  outDir: string,
  name: string,
): Promise<string[]> {
  assertExpressible(graph, 'tfjs')
  const job = { graph, weights, outDir, name }
  return needsDeepStack(graph) ? onDeepThread(job) : writeTfjsModel(job)
}

function onDeepThread(job: TfjsJob): Promise<string[]> {
  const from = dirname(fileURLToPath(import.meta.url))
  const entry = findEntry(from, 'tfjsThread.js', [join(from, 'tfjsThread.ts')])
  if (entry === null) throw new Error(`cannot find tfjsThread.js or tfjsThread.ts beside ${from}`)
  return new Promise((resolve, reject) => {
    const thread = startDeepThread(entry.file, job)
    let answer: TfjsAnswer | null = null
    thread.on('message', (m: TfjsAnswer) => (answer = m))
    thread.on('error', (e) => reject(new ExportError('io', `the tfjs export failed: ${e.message}`)))
    thread.on('exit', (code) => {
      if (answer?.ok) resolve(answer.files)
      else
        reject(
          new ExportError('io', answer?.message ?? `the tfjs export stopped (exit code ${code})`),
        )
    })
  })
}

/** Builds the model on this thread and writes it (`exportTfjs` picks the thread). */
export async function writeTfjsModel({ graph, weights, outDir, name }: TfjsJob): Promise<string[]> {
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
