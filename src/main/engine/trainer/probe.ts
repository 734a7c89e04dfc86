import * as tf from '@tensorflow/tfjs-core'
import type { CompiledModel } from '../compile'
import type { ProbeJob, TrainerMessage } from '../messages'
import { augment } from './augment'
import { Batcher, type TrainData } from './data'
import { JobError, messageOf, prepareJob } from './job'
import { createTrainStep } from './loop'
import { createOptimizer } from './optimizer'
import { createRng, permutation } from '../../../shared/random'

export interface ProbeDeps {
  send(message: TrainerMessage): void
  loadData(job: ProbeJob): Promise<TrainData>
}

/**
 * Measures the training speed of a design on a dataset: the same backend, model, batches
 * (shuffled, augmented) and optimizer step a run would use; one warm-up step (kernel
 * compilation, first allocations) untimed, then `job.steps` steps timed end to end, each read
 * back so queued GPU/wasm work is counted. Answers `probed` or `error`; never throws.
 */
export async function runProbe(job: ProbeJob, deps: ProbeDeps): Promise<void> {
  let compiled: CompiledModel | undefined
  let optimizer: tf.Optimizer | undefined
  try {
    const s = job.settings
    const prepared = await prepareJob(job, deps.loadData)
    const { backend, data, trainSplit } = prepared
    const model = (compiled = prepared.model)
    const train = new Batcher(trainSplit, data.shape, s.batchSize, data)
    const opt = (optimizer = createOptimizer(s))
    const trainStep = createTrainStep(model, s, opt)
    const rng = createRng(s.seed * 7919 + 1)
    const order = permutation(train.count, rng)
    const batches = train.batches()
    let images = 0
    const once = async (k: number): Promise<void> => {
      const b = k % batches
      const { x, y } = train.batch(b, order)
      const xa = augment(x, s, rng)
      if (xa !== x) x.dispose()
      const [loss, correct] = trainStep(xa, y)
      await Promise.all([loss.data(), correct.data()])
      images += y.shape[0]
      tf.dispose([xa, y, loss, correct])
    }
    await once(0)
    images = 0
    const t0 = performance.now()
    for (let k = 1; k <= job.steps; k++) await once(k)
    const elapsed = performance.now() - t0
    const msPerStep = elapsed / job.steps
    deps.send({
      type: 'probed',
      backend,
      steps: job.steps,
      msPerStep,
      imagesPerSec: (images / Math.max(1e-9, elapsed)) * 1000,
      stepsPerEpoch: batches,
      msPerEpoch: msPerStep * batches,
    })
  } catch (e) {
    const kind = e instanceof JobError ? e.kind : 'exception'
    deps.send({ type: 'error', kind, message: messageOf(e) })
  } finally {
    optimizer?.dispose()
    compiled?.model.dispose()
  }
}
