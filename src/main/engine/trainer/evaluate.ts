import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import type { TestMetrics } from '../messages'
import type { Batcher } from './data'

/** Loss and top-1 accuracy of a split, in inference mode (dropout off, batch norm's moving stats). */
export async function evaluate(
  logits: tfl.LayersModel,
  data: Batcher,
  classes: number,
): Promise<{ loss: number; accuracy: number }> {
  const r = await evaluateFull(logits, data, classes, false)
  return { loss: r.loss, accuracy: r.top1 }
}

/** Test metrics: loss, top-1, top-5, confusion matrix (rows true, columns predicted), per-class accuracy. */
export async function evaluateTest(
  logits: tfl.LayersModel,
  data: Batcher,
  classes: number,
): Promise<TestMetrics> {
  return evaluateFull(logits, data, classes, true)
}

async function evaluateFull(
  logits: tfl.LayersModel,
  data: Batcher,
  classes: number,
  full: boolean,
): Promise<TestMetrics> {
  const confusion = Array.from({ length: full ? classes : 0 }, () =>
    new Array<number>(classes).fill(0),
  )
  let lossSum = 0
  let top1 = 0
  let top5 = 0
  const k = Math.min(5, classes)
  for (let b = 0; b < data.batches(); b++) {
    const { x, y } = data.batch(b)
    const out = tf.tidy(() => {
      const z = logits.apply(x, { training: false }) as tf.Tensor2D
      const loss = tf.losses.softmaxCrossEntropy(
        tf.oneHot(y, classes),
        z,
        undefined,
        0,
        tf.Reduction.SUM,
      )
      const pred = tf.argMax(z, -1)
      const correct = tf.sum(tf.equal(pred, y))
      if (!full) return [loss, correct]
      const inTop = tf.sum(tf.any(tf.equal(tf.topk(z, k).indices, tf.expandDims(y, 1)), 1))
      return [loss, correct, inTop, pred]
    })
    const values = await Promise.all(out.map((t) => t.data()))
    const labels = full ? await y.data() : undefined
    tf.dispose([x, y, ...out])
    lossSum += values[0]![0]!
    top1 += values[1]![0]!
    if (full) {
      top5 += values[2]![0]!
      const pred = values[3]!
      for (let i = 0; i < pred.length; i++) {
        const row = confusion[labels![i]!]!
        const p = pred[i]!
        row[p] = (row[p] ?? 0) + 1
      }
    }
  }
  const n = data.count
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0)
    return total === 0 ? NaN : row[c]! / total
  })
  return {
    loss: n ? lossSum / n : NaN,
    top1: n ? top1 / n : NaN,
    top5: n ? top5 / n : NaN,
    confusionMatrix: confusion,
    perClassAccuracy,
    count: n,
  }
}
