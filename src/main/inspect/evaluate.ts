import * as tf from '@tensorflow/tfjs-core'
import { Batcher, type Split } from '../engine/trainer/data'
import type { RunModel } from './model'

export const TOP = 5

/** Per-example results of the test pass, kept on disk for the confusion-matrix cells. */
export interface Predictions {
  count: number
  k: number
  labels: Int32Array
  /** `k` class indices per example, most probable first. */
  topClasses: Int32Array
  topProbs: Float32Array
  /** Probability given to the true class. */
  trueProbs: Float32Array
}

export interface Evaluation {
  count: number
  loss: number
  top1: number
  top5: number
  confusionMatrix: number[][]
  perClass: { precision: number | null; recall: number | null; support: number }[]
}

export interface Stats {
  shape: readonly [number, number, number]
  mean: readonly number[]
  std: readonly number[]
}

/** Yields to the event loop, so messages (cancel, other requests) are read between batches. */
export const breathe = (): Promise<void> => new Promise((r) => setImmediate(r))

/**
 * Runs a split through the network in inference mode with the trainer's own preprocessing
 * (`Batcher`): loss, top-1, top-5, the confusion matrix, precision and recall per class, and
 * every example's top classes. `shouldStop` is checked between batches.
 */
export async function evaluateSplit(
  m: RunModel,
  split: Split,
  stats: Stats,
  opts: {
    batchSize?: number
    onProgress?: (done: number, total: number) => void
    shouldStop?: () => boolean
  } = {},
): Promise<{ evaluation: Evaluation; predictions: Predictions } | null> {
  const classes = m.compiled.classes
  const k = Math.min(TOP, classes)
  const batcher = new Batcher(split, stats.shape, opts.batchSize ?? 256, stats)
  const n = split.count
  const p: Predictions = {
    count: n,
    k,
    labels: new Int32Array(n),
    topClasses: new Int32Array(n * k),
    topProbs: new Float32Array(n * k),
    trueProbs: new Float32Array(n),
  }
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  let lossSum = 0
  try {
    for (let b = 0; b < batcher.batches(); b++) {
      if (opts.shouldStop?.()) return null
      const { x, y } = batcher.batch(b)
      const [loss, idx, prob, trueP] = tf.tidy(() => {
        const z = m.compiled.logits.apply(x, { training: false }) as tf.Tensor2D
        const probs = tf.softmax(z)
        const top = tf.topk(probs, k)
        const oneHot = tf.oneHot(y, classes)
        return [
          tf.losses.softmaxCrossEntropy(oneHot, z, undefined, 0, tf.Reduction.SUM),
          top.indices,
          top.values,
          tf.sum(tf.mul(probs, oneHot), 1),
        ]
      })
      const [lv, iv, pv, tv, yv] = await Promise.all([
        loss!.data(),
        idx!.data(),
        prob!.data(),
        trueP!.data(),
        y.data(),
      ])
      tf.dispose([x, y, loss!, idx!, prob!, trueP!])
      const start = b * batcher.batchSize
      lossSum += lv[0]!
      p.topClasses.set(iv as Int32Array, start * k)
      p.topProbs.set(pv as Float32Array, start * k)
      p.trueProbs.set(tv as Float32Array, start)
      for (let i = 0; i < yv.length; i++) {
        const label = yv[i]!
        p.labels[start + i] = label
        confusion[label]![iv[i * k]!]! += 1
      }
      opts.onProgress?.(Math.min(n, start + yv.length), n)
      await breathe()
    }
  } finally {
    batcher.dispose()
  }
  return { evaluation: summarise(confusion, lossSum, p), predictions: p }
}

function summarise(confusion: number[][], lossSum: number, p: Predictions): Evaluation {
  const n = p.count
  let top1 = 0
  let top5 = 0
  for (let i = 0; i < n; i++) {
    if (p.topClasses[i * p.k] === p.labels[i]) top1++
    for (let j = 0; j < p.k; j++) if (p.topClasses[i * p.k + j] === p.labels[i]) top5++
  }
  const perClass = confusion.map((row, c) => {
    const support = row.reduce((a, b) => a + b, 0)
    const predicted = confusion.reduce((a, r) => a + r[c]!, 0)
    return {
      precision: predicted === 0 ? null : row[c]! / predicted,
      recall: support === 0 ? null : row[c]! / support,
      support,
    }
  })
  return {
    count: n,
    loss: n ? lossSum / n : NaN,
    top1: n ? top1 / n : NaN,
    top5: n ? top5 / n : NaN,
    confusionMatrix: confusion,
    perClass,
  }
}

/** Indices of the examples with this true and this predicted class. */
export function cellMembers(p: Predictions, trueClass: number, predicted: number): number[] {
  const out: number[] = []
  for (let i = 0; i < p.count; i++)
    if (p.labels[i] === trueClass && p.topClasses[i * p.k] === predicted) out.push(i)
  return out
}
