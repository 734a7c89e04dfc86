import * as tf from '@tensorflow/tfjs-core'
import type { LayersModel } from '@tensorflow/tfjs-layers'
import { ExportError, type LayerWeights, type WeightTensor } from './types'

/** What a weight is for; tfjs names it `<layer>/<role>` (maybe with a uniquifying `_N`). */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance'

const ROLE = /(?:^|\/)(kernel|bias|gamma|beta|moving_mean|moving_variance)(?:_\d+)?$/

export function roleOf(weightName: string): WeightRole | undefined {
  return ROLE.exec(weightName)?.[1] as WeightRole | undefined
}

/** The trained weights of a tfjs model, by layer name (layers without weights are left out). */
export function weightsFromModel(model: LayersModel): LayerWeights {
  const out: LayerWeights = new Map()
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue
    const values = layer.getWeights()
    out.set(
      layer.name,
      layer.weights.map((w, i) => {
        const value = values[i]
        if (!value)
          throw new ExportError(
            'missing-weights',
            `${layer.name}: weight ${w.originalName} has no value`,
          )
        return {
          name: w.originalName,
          shape: [...value.shape],
          data: Float32Array.from(value.dataSync()),
        }
      }),
    )
  }
  return out
}

/** Sets a tfjs model's weights from a weight map (used to rebuild a model for the tfjs export). */
export function setModelWeights(model: LayersModel, weights: LayerWeights): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue
    const values = layer.weights.map((w) => {
      const role = roleOf(w.originalName)
      const found = role ? findWeight(weights, layer.name, role) : undefined
      if (!found)
        throw new ExportError(
          'missing-weights',
          `${layer.name}: no trained value for ${w.originalName}`,
        )
      return tf.tensor(found.data, found.shape)
    })
    layer.setWeights(values)
    tf.dispose(values)
  }
}

export function findWeight(
  weights: LayerWeights,
  layer: string,
  role: WeightRole,
): WeightTensor | undefined {
  return weights.get(layer)?.find((w) => roleOf(w.name) === role)
}

/** A layer's weight by role, with a clear error when the checkpoint lacks it. */
export function requireWeight(
  weights: LayerWeights,
  layer: string,
  role: WeightRole,
): WeightTensor {
  const found = findWeight(weights, layer, role)
  if (!found) throw new ExportError('missing-weights', `${layer}: the checkpoint has no ${role}`)
  return found
}

/** Reorders an array laid out with `shape` by `perm` (numpy's `transpose`), for rank ≤ 4. */
export function transpose(
  data: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): { data: Float32Array; shape: number[] } {
  const rank = shape.length
  if (rank > 4 || perm.length !== rank)
    throw new Error(`transpose: rank ${rank} with perm [${perm.join(', ')}] is not supported`)
  const inStrides = new Array<number>(rank).fill(1)
  for (let i = rank - 2; i >= 0; i--) inStrides[i] = (inStrides[i + 1] ?? 1) * (shape[i + 1] ?? 1)
  const outShape = perm.map((p) => shape[p] ?? 0)
  // Pad to rank 4 with leading size-1 axes, then walk the output in order with four plain loops.
  const pad = 4 - rank
  const size = (d: number) => (d < pad ? 1 : (outShape[d - pad] ?? 0))
  const stride = (d: number) => (d < pad ? 0 : (inStrides[perm[d - pad] ?? 0] ?? 0))
  const [n0, n1, n2, n3] = [size(0), size(1), size(2), size(3)]
  const [t0, t1, t2, t3] = [stride(0), stride(1), stride(2), stride(3)]
  const out = new Float32Array(data.length)
  let o = 0
  for (let a = 0; a < n0; a++) {
    for (let b = 0; b < n1; b++) {
      for (let c = 0; c < n2; c++) {
        const base = a * t0 + b * t1 + c * t2
        for (let d = 0; d < n3; d++) out[o++] = data[base + d * t3] as number
      }
    }
  }
  return { data: out, shape: outShape }
}
