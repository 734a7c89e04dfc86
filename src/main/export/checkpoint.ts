import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ExportError, type LayerWeights } from './types'

interface WeightSpec {
  name: string
  shape: number[]
  dtype: string
  quantization?: unknown
}

interface ModelJson {
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[]
}

/**
 * The trained weights of a checkpoint folder (tfjs `model.json` + weight files, as the trainer
 * writes them), by layer name. Reads the bytes directly: no tfjs backend is needed.
 */
export function readCheckpointWeights(dir: string): LayerWeights {
  const modelJson = join(dir, 'model.json')
  if (!existsSync(modelJson))
    throw new ExportError('not-found', `the checkpoint ${dir} is missing on disk (no model.json)`)
  let json: ModelJson
  try {
    json = JSON.parse(readFileSync(modelJson, 'utf8')) as ModelJson
  } catch (error) {
    throw new ExportError(
      'io',
      `the checkpoint's model.json cannot be read: ${(error as Error).message}`,
    )
  }
  const out: LayerWeights = new Map()
  for (const group of json.weightsManifest ?? []) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(dirname(modelJson), p))))
    let offset = 0
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1)
      if (spec.quantization || (spec.dtype !== 'float32' && spec.dtype !== 'int32')) {
        throw new ExportError(
          'io',
          `${spec.name}: weights of type ${spec.dtype}${spec.quantization ? ' (quantised)' : ''} are not supported`,
        )
      }
      if (offset + count * 4 > bytes.length)
        throw new ExportError('io', `${spec.name}: the checkpoint's weight file is truncated`)
      // tfjs writes little-endian, as every machine it runs on is: copy the bytes as they are.
      const raw = bytes.buffer.slice(
        bytes.byteOffset + offset,
        bytes.byteOffset + offset + count * 4,
      )
      const data =
        spec.dtype === 'float32' ? new Float32Array(raw) : Float32Array.from(new Int32Array(raw))
      offset += count * 4
      const slash = spec.name.lastIndexOf('/')
      const layer = slash < 0 ? spec.name : spec.name.slice(0, slash)
      out.set(layer, [...(out.get(layer) ?? []), { name: spec.name, shape: spec.shape, data }])
    }
  }
  return out
}
