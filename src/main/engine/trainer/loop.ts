import * as tf from '@tensorflow/tfjs-core'
import type { CompiledModel } from '../compile'
import type { TrainerMessage } from '../messages'
import type { TrainSettings } from '../../../shared/training/settings'
import { augment } from './augment'
import type { Batcher } from './data'
import { evaluate } from './evaluate'
import { LossWatch } from './divergence'
import { setLearningRate } from './optimizer'
import { createRng, permutation } from '../../../shared/random'
import { learningRate } from './schedule'

export interface EpochResult {
  epoch: number
  step: number
  trainLoss: number
  trainAccuracy: number
  valLoss: number | null
  valAccuracy: number | null
}

export interface LoopInput {
  compiled: CompiledModel
  train: Batcher
  /** Null when the run holds out no validation split. */
  val: Batcher | null
  settings: TrainSettings
  optimizer: tf.Optimizer
  send(message: TrainerMessage): void
  /** Checked between batches: the batch in flight always finishes. */
  shouldStop(): boolean
  /** Resume point: the first epoch to train and the global step before it. */
  firstEpoch?: number
  startStep?: number
  /** Called after each epoch's validation (checkpointing); may be slow. */
  afterEpoch?(result: EpochResult): Promise<void>
}

export type LoopOutcome =
  | {
      kind: 'finished'
      reason: 'completed' | 'early-stopped' | 'stopped'
      epochs: number
      step: number
    }
  | { kind: 'diverged'; epoch: number; step: number; loss: number; why: string }

/** Lets queued messages (a stop) in: a synchronous backend would otherwise never yield. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * One optimisation step on a batch: softmax cross-entropy on the logits (+ L2 on kernels),
 * returning the loss and the count of correct predictions as tensors not yet read back.
 */
export function createTrainStep(
  compiled: CompiledModel,
  s: TrainSettings,
  optimizer: tf.Optimizer,
): (x: tf.Tensor4D, y: tf.Tensor1D) => [tf.Scalar, tf.Scalar] {
  const { logits, classes } = compiled
  const vars = compiled.model.trainableWeights.map((w) => w.read() as tf.Variable)
  // Weight decay applies to kernels only, as in the papers (not biases or batch norm).
  const decayed = compiled.model.trainableWeights
    .filter((w) => /kernel$/.test(w.originalName))
    .map((w) => w.read())
  return (x: tf.Tensor4D, y: tf.Tensor1D): [tf.Scalar, tf.Scalar] => {
    let correct: tf.Scalar | undefined
    const loss = optimizer.minimize(
      () => {
        const z = logits.apply(x, { training: true }) as tf.Tensor2D
        correct = tf.keep(tf.sum<tf.Scalar>(tf.equal(tf.argMax(z, -1), y)))
        const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), z)
        if (s.weightDecay === 0 || decayed.length === 0) return ce as tf.Scalar
        return tf.add(
          ce,
          tf.mul(tf.addN(decayed.map((w) => tf.sum(tf.square(w)))), s.weightDecay / 2),
        ) as tf.Scalar
      },
      true,
      vars,
    )
    if (loss === null || correct === undefined) throw new Error('the optimizer returned no loss')
    return [loss, correct]
  }
}

/**
 * The training loop: shuffled mini-batches, the next one built before the current step's loss
 * is read back, per-batch and per-epoch reports, validation every epoch, early stopping.
 */
export async function trainLoop(input: LoopInput): Promise<LoopOutcome> {
  const { compiled, train, val, settings: s, optimizer, send } = input
  const { logits, classes } = compiled
  const batches = train.batches()
  let step = input.startStep ?? 0
  let bestValLoss = Infinity
  let sinceBest = 0
  let epoch = (input.firstEpoch ?? 1) - 1

  const trainStep = createTrainStep(compiled, s, optimizer)
  const watch = new LossWatch(s.divergeFactor)
  // The process's first step builds kernels and warms the backend up (a large share of a short
  // run): the pace (images/s) leaves that step out, so it says how fast training goes.
  let warmedUp = false

  while (epoch < s.epochs) {
    epoch += 1
    const epochStart = performance.now()
    const rng = createRng(s.seed * 7919 + epoch)
    const order = permutation(train.count, rng)
    const prepare = (b: number) => {
      const { x, y } = train.batch(b, order)
      const xa = augment(x, s, rng)
      if (xa !== x) x.dispose()
      return { x: xa, y }
    }
    let next: { x: tf.Tensor4D; y: tf.Tensor1D } | null = prepare(0)
    let lossSum = 0
    let correctSum = 0
    let seen = 0
    let lr = s.lr
    const pace = { start: epochStart, images: 0 }
    for (let b = 0; b < batches && next !== null; b++) {
      const cur: { x: tf.Tensor4D; y: tf.Tensor1D } = next
      lr = learningRate(s, step, batches)
      setLearningRate(optimizer, lr)
      const [lossT, correctT] = trainStep(cur.x, cur.y)
      next = b + 1 < batches ? prepare(b + 1) : null
      const [lossV, correctV] = await Promise.all([lossT.data(), correctT.data()])
      const n = cur.y.shape[0]
      tf.dispose([cur.x, cur.y, lossT, correctT])
      step += 1
      const loss = lossV[0]!
      const why = watch.see(loss)
      if (why !== null) {
        if (next) tf.dispose([next.x, next.y])
        return { kind: 'diverged', epoch, step, loss, why }
      }
      lossSum += loss * n
      correctSum += correctV[0]!
      seen += n
      if (warmedUp) pace.images += n
      else {
        warmedUp = true
        pace.start = performance.now()
      }
      const elapsed = (performance.now() - pace.start) / 1000
      send({
        type: 'batch',
        epoch,
        batch: b + 1,
        batches,
        step,
        loss,
        accuracy: correctV[0]! / n,
        lr,
        imagesPerSec: pace.images > 0 && elapsed > 0 ? pace.images / elapsed : 0,
      })
      await yieldToEvents()
      if (input.shouldStop() && (b + 1 < batches || epoch < s.epochs)) {
        if (next) tf.dispose([next.x, next.y])
        return { kind: 'finished', reason: 'stopped', epochs: epoch, step }
      }
    }
    const trainEnd = performance.now()
    // An epoch of one (warm-up) batch has no pace of its own: its whole time counts.
    const paced = pace.images > 0 ? pace : { start: epochStart, images: seen }
    const v = val && val.count > 0 ? await evaluate(logits, val, classes) : null
    const result: EpochResult = {
      epoch,
      step,
      trainLoss: lossSum / Math.max(1, seen),
      trainAccuracy: correctSum / Math.max(1, seen),
      valLoss: v?.loss ?? null,
      valAccuracy: v?.accuracy ?? null,
    }
    send({
      type: 'epoch',
      ...result,
      lr,
      imagesPerSec: paced.images / Math.max(1e-9, (trainEnd - paced.start) / 1000),
      durationMs: performance.now() - epochStart,
    })
    await input.afterEpoch?.(result)
    if (v !== null && s.patience > 0) {
      if (v.loss < bestValLoss) {
        bestValLoss = v.loss
        sinceBest = 0
      } else if (++sinceBest >= s.patience && epoch < s.epochs) {
        return { kind: 'finished', reason: 'early-stopped', epochs: epoch, step }
      }
    }
    if (input.shouldStop() && epoch < s.epochs)
      return { kind: 'finished', reason: 'stopped', epochs: epoch, step }
  }
  return { kind: 'finished', reason: 'completed', epochs: epoch, step }
}
