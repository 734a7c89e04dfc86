import * as tf from '@tensorflow/tfjs-core'
import { Batcher, type Split } from '../engine/trainer/data'
import { breathe, type Stats } from './evaluate'
import { unitBox, type Box } from './geometry'
import { InspectInputError, type RunModel } from './model'

export interface TopUnit {
  /** Index in the scanned split. */
  index: number
  activation: number
  /** The unit of the feature map where the filter fires most in this image. */
  y: number
  x: number
  box: Box
}

/**
 * The `top` images of a split where one channel of a layer fires most (Zeiler & Fergus): each
 * image contributes its strongest unit, the images are ranked by it, and each unit's receptive
 * field is its box in the image, clipped at the borders. Scans the first `limit` images;
 * `shouldStop` ends the scan early with what it has.
 */
export async function topActivations(
  m: RunModel,
  split: Split,
  stats: Stats,
  q: { layer: string; channel: number; limit: number; top?: number; batchSize?: number },
  opts: { onProgress?: (done: number, total: number) => void; shouldStop?: () => boolean } = {},
): Promise<{ units: TopUnit[]; scanned: number; cancelled: boolean }> {
  const info = m.layer(q.layer)
  const shape = info.shape
  if (shape === null || shape.length !== 3)
    throw new InspectInputError(
      `${q.layer} has no feature map (its output is ${shape?.join('×') ?? 'unknown'})`,
    )
  const channels = shape[2]!
  if (q.channel >= channels)
    throw new InspectInputError(
      `${q.layer} has ${channels} channels; there is no channel ${q.channel}`,
    )
  const field = m.fields.get(info.id)!
  const [h, w] = stats.shape
  const top = q.top ?? 9
  const total = Math.min(split.count, q.limit)
  const head: Split =
    total === split.count
      ? split
      : {
          images: split.images.subarray(0, total * h * w * stats.shape[2]),
          labels: Array.prototype.slice.call(split.labels, 0, total) as number[],
          count: total,
        }
  const batcher = new Batcher(head, stats.shape, q.batchSize ?? 128, stats)
  const upTo = m.upTo(q.layer)
  const width = shape[1]!
  let best: TopUnit[] = []
  let scanned = 0
  try {
    for (let b = 0; b < batcher.batches(); b++) {
      // Read pending messages first: a cancel sent right after the request is seen before any work.
      await breathe()
      if (opts.shouldStop?.()) return { units: best, scanned, cancelled: true }
      const { x, y } = batcher.batch(b)
      const [maxT, argT] = tf.tidy(() => {
        const act = upTo.apply(x, { training: false }) as tf.Tensor4D
        const one = tf.reshape(tf.slice(act, [0, 0, 0, q.channel], [-1, -1, -1, 1]), [
          act.shape[0],
          -1,
        ])
        return [tf.max(one, 1), tf.argMax(one, 1)]
      })
      const [maxV, argV] = await Promise.all([maxT!.data(), argT!.data()])
      tf.dispose([x, y, maxT!, argT!])
      const start = b * batcher.batchSize
      for (let i = 0; i < maxV.length; i++) {
        const activation = maxV[i]!
        if (best.length === top && activation <= best[top - 1]!.activation) continue
        const pos = argV[i]!
        const uy = Math.floor(pos / width)
        const ux = pos % width
        best.push({ index: start + i, activation, y: uy, x: ux, box: unitBox(field, uy, ux, h, w) })
        best = best.sort((a, b2) => b2.activation - a.activation).slice(0, top)
      }
      scanned = start + maxV.length
      opts.onProgress?.(scanned, total)
    }
  } finally {
    batcher.dispose()
  }
  return { units: best, scanned, cancelled: false }
}
