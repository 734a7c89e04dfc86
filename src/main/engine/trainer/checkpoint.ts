import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { z } from 'zod'
import type { ExpandedGraph } from '../../../shared/graph'
import type { TrainSettings } from '../../../shared/training/settings'

/** What a checkpoint folder says about itself, beside model.json and weights.bin. */
const MetaSchema = z.object({
  fingerprint: z.string(),
  epoch: z.number().int().positive(),
  step: z.number().int().nonnegative(),
  valAccuracy: z.number().nullable(),
  optimizerSpecs: z.array(z.unknown()),
})
type Meta = z.infer<typeof MetaSchema>

/**
 * What must match for a checkpoint to be resumed: the layers and every setting except how long
 * to train and when to give up (so a run can be extended or watched differently).
 */
export function fingerprint(
  graph: ExpandedGraph,
  settings: TrainSettings,
  datasetId: string,
): string {
  const { epochs: _e, patience: _p, divergeFactor: _d, ...rest } = settings
  const layers = graph.nodes.map((n) => [n.name, n.kind, n.params, n.inputs])
  return createHash('sha256').update(JSON.stringify({ layers, rest, datasetId })).digest('hex')
}

/** A tfjs IOHandler that writes model.json + weights.bin into a folder. */
function folderWriter(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      const { weightData, weightSpecs, ...rest } = artifacts
      const data =
        weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(weightData)
      const modelJson = {
        ...rest,
        weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs ?? [] }],
      }
      await writeFile(join(dir, 'weights.bin'), Buffer.from(data))
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson))
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: data.byteLength,
        },
      }
    },
  }
}

/** A tfjs IOHandler that reads what `folderWriter` wrote. */
export function folderReader(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const modelJson = JSON.parse(
        await readFile(join(dir, 'model.json'), 'utf8'),
      ) as tf.io.ModelJSON
      const bin = await readFile(join(dir, 'weights.bin'))
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
        weightData,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
      } as tf.io.ModelArtifacts
    },
  }
}

export interface SavedCheckpoint {
  path: string
  isBest: boolean
  removed: string[]
}

/**
 * Writes one epoch's checkpoint (model, optimizer state, meta) into a temp folder and renames it
 * into place, so a crash never leaves half a checkpoint. Keeps only the best and the latest.
 */
export class CheckpointWriter {
  private best: { path: string; score: number } | null = null
  private last: string | null = null

  constructor(
    private readonly root: string,
    private readonly fp: string,
  ) {}

  async save(
    model: tfl.LayersModel,
    optimizer: tf.Optimizer,
    epoch: number,
    step: number,
    valAccuracy: number | null,
    trainAccuracy: number,
  ): Promise<SavedCheckpoint> {
    await mkdir(this.root, { recursive: true })
    const name = `epoch-${String(epoch).padStart(4, '0')}`
    const final = join(this.root, name)
    const temp = join(this.root, `.${name}.tmp-${process.pid}`)
    await rm(temp, { recursive: true, force: true })
    await mkdir(temp)
    await model.save(folderWriter(temp))
    const weights = await optimizer.getWeights()
    let opt: Awaited<ReturnType<typeof tf.io.encodeWeights>>
    try {
      opt = await tf.io.encodeWeights(weights)
    } finally {
      // getWeights makes a fresh 'iter' scalar each call (the rest are the optimizer's own
      // variables): one leaked tensor per checkpoint otherwise.
      tf.dispose(weights.filter((w) => w.name === 'iter').map((w) => w.tensor))
    }
    await writeFile(join(temp, 'optimizer.bin'), Buffer.from(opt.data))
    const meta: Meta = { fingerprint: this.fp, epoch, step, valAccuracy, optimizerSpecs: opt.specs }
    await writeFile(join(temp, 'meta.json'), JSON.stringify(meta))
    await rm(final, { recursive: true, force: true })
    await rename(temp, final)
    const score = valAccuracy ?? trainAccuracy
    const isBest = this.best === null || score > this.best.score
    const previousBest = this.best?.path
    const previousLast = this.last
    if (isBest) this.best = { path: final, score }
    this.last = final
    const removed = [...new Set([previousBest, previousLast])].filter(
      (p): p is string => p !== undefined && p !== null && p !== this.best?.path && p !== final,
    )
    await Promise.all(removed.map((p) => rm(p, { recursive: true, force: true })))
    return { path: final, isBest, removed }
  }

  /** Leftover temp folders of a crashed writer are garbage. */
  static async clean(root: string): Promise<void> {
    const names = await readdir(root).catch(() => [] as string[])
    await Promise.all(
      names
        .filter((n) => n.includes('.tmp-'))
        .map((n) => rm(join(root, n), { recursive: true, force: true })),
    )
  }
}

/**
 * Loads a checkpoint into a freshly compiled model and optimizer. Refuses, with the reason, a
 * checkpoint from another design, dataset or recipe.
 */
export async function restore(
  dir: string,
  fp: string,
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
): Promise<{ epoch: number; step: number }> {
  const metaText = await readFile(join(dir, 'meta.json'), 'utf8').catch(() => {
    throw new Error(`no checkpoint at ${dir}`)
  })
  const meta = MetaSchema.parse(JSON.parse(metaText))
  if (meta.fingerprint !== fp) {
    throw new Error(
      'the checkpoint was trained with another design, dataset or settings; start a new run instead',
    )
  }
  const saved = await tfl.loadLayersModel(folderReader(dir))
  try {
    for (const layer of saved.layers) {
      const weights = layer.getWeights()
      if (weights.length > 0) model.getLayer(layer.name).setWeights(weights)
    }
  } finally {
    saved.dispose()
  }
  const bin = await readFile(join(dir, 'optimizer.bin'))
  const named = tf.io.decodeWeights(
    bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    meta.optimizerSpecs as tf.io.WeightsManifestEntry[],
  )
  await optimizer.setWeights(Object.entries(named).map(([name, tensor]) => ({ name, tensor })))
  return { epoch: meta.epoch, step: meta.step }
}
