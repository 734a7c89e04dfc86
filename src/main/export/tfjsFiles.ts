import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'

const WEIGHTS_FILE = 'weights.bin'

/** A tfjs save handler writing `model.json` + `weights.bin` into a folder (tfjs's own file layout). */
export function folderSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      mkdirSync(dir, { recursive: true })
      const data =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : tf.io.CompositeArrayBuffer.join(artifacts.weightData)
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
        convertedBy: 'Blockwise',
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      }
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig
      if (artifacts.userDefinedMetadata)
        modelJson.userDefinedMetadata = artifacts.userDefinedMetadata
      writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson))
      writeFileSync(join(dir, WEIGHTS_FILE), new Uint8Array(data))
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    },
  }
}

/** A tfjs load handler reading a `model.json` and the weight files its manifest names. */
export function fileLoadHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = []
        const buffers: ArrayBuffer[] = []
        for (const group of manifest) {
          specs.push(...group.weights)
          for (const path of group.paths) {
            const bytes = readFileSync(join(dirname(modelJsonPath), path))
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)]
      })
    },
  }
}
