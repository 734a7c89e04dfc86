import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import {
  analyze,
  evalBatchSize,
  memoryForecast,
  memoryProblem,
  type Analysis,
} from '../../../shared/graph'
import { fitProblems } from '../../../shared/runs/fit'
import { initBackend, webgpuBufferLimit } from '../backend'
import { compile, countParams, type CompiledModel } from '../compile'
import type { TrainerErrorKind, TrainerMessage, TrainJob } from '../messages'
import { explainFailure } from './backendErrors'
import { CheckpointWriter, fingerprint, restore } from './checkpoint'
import { Batcher, firstN, type TrainData } from './data'
import { evaluateTest } from './evaluate'
import { trainLoop } from './loop'
import { createOptimizer } from './optimizer'

export interface JobDeps {
  send(message: TrainerMessage): void
  shouldStop(): boolean
  /** Reads the dataset; the process uses the dataset cache (`loadDataset`). */
  loadData(job: TrainJob): Promise<TrainData>
}

/** An error that already knows which kind of failure it is. */
export class JobError extends Error {
  constructor(
    readonly kind: TrainerErrorKind,
    message: string,
  ) {
    super(message)
  }
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Runs `f`, turning what it throws into a `JobError` of `kind`. */
export async function step<T>(
  kind: TrainerErrorKind,
  what: string,
  f: () => Promise<T> | T,
): Promise<T> {
  try {
    return await f()
  } catch (e) {
    if (e instanceof JobError) throw e
    throw new JobError(kind, `${what}: ${messageOf(e)}`)
  }
}

/** The design must take the dataset's images and predict its classes, and there must be images. */
export function checkFit(analysis: Analysis, data: TrainData): void {
  const misfit = fitProblems(analysis, data)[0]
  if (misfit) throw new JobError('dataset', misfit.message)
  if (data.train.count === 0) throw new JobError('dataset', 'The dataset has no training images.')
}

/** What a run and a speed probe both start from: the backend, the model and data that fit it. */
export interface Prepared {
  backend: Awaited<ReturnType<typeof initBackend>>
  analysis: Analysis
  model: CompiledModel
  data: TrainData
  /** The training split after the run's `limit`. */
  trainSplit: TrainData['train']
}

/**
 * Initialises the backend, checks and compiles the design, reads the dataset and checks that
 * they fit. Throws a `JobError` of the step's kind; disposes the model if a later step fails.
 */
export async function prepareJob<
  J extends Pick<TrainJob, 'backend' | 'design' | 'settings' | 'datasetId'>,
>(job: J, loadData: (job: J) => Promise<TrainData>): Promise<Prepared> {
  const s = job.settings
  const backend = await step('backend', 'no backend', () => initBackend(job.backend))
  const analysis = analyze(job.design)
  if (!analysis.valid) {
    const d = analysis.diagnostics.find((x) => x.severity === 'error')
    throw new JobError('compile', `the design is not valid: ${d?.message ?? 'unknown problem'}`)
  }
  // 'auto' is resolved only now: refuse what cannot fit the backend it landed on before building.
  const tooBig = memoryProblem(memoryForecast(analysis, s), backend.name, webgpuBufferLimit())
  if (tooBig !== null) throw new JobError('backend', tooBig)
  const model = await step('compile', 'cannot build the model', () =>
    compile(analysis.graph, { seed: s.seed, name: job.design.name }),
  )
  try {
    const data = await step('dataset', `cannot read dataset ${job.datasetId}`, () => loadData(job))
    checkFit(analysis, data)
    const trainSplit = s.limit === undefined ? data.train : firstN(data.train, s.limit)
    return { backend, analysis, model, data, trainSplit }
  } catch (e) {
    model.model.dispose()
    throw e
  }
}

/**
 * Trains one run from start to end, reporting through `send`. Never throws: every failure ends
 * as an `error` message of its kind, success as `done`.
 */
export async function runJob(job: TrainJob, deps: JobDeps): Promise<void> {
  const started = performance.now()
  let compiled: CompiledModel | undefined
  let optimizer: tf.Optimizer | undefined
  const batchers: Batcher[] = []
  try {
    const s = job.settings
    const prepared = await prepareJob(job, deps.loadData)
    const { backend, analysis, data, trainSplit } = prepared
    const model = (compiled = prepared.model)
    const train = new Batcher(trainSplit, data.shape, s.batchSize, data)
    const evalBatch = evalBatchSize(analysis.totals.activations, s.batchSize)
    const val = new Batcher(data.val, data.shape, evalBatch, data)
    const test = new Batcher(data.test, data.shape, evalBatch, data)
    batchers.push(train, val, test)
    const opt = (optimizer = createOptimizer(s))
    const fp = fingerprint(analysis.graph, s, job.datasetId)
    let resume = { epoch: 0, step: 0 }
    if (job.resumeFrom !== undefined) {
      const from = job.resumeFrom
      resume = await step('resume-refused', 'cannot resume', () =>
        restore(from, fp, model.model, opt),
      )
    }
    const root = join(job.runDir, 'checkpoints')
    await CheckpointWriter.clean(root)
    const writer = new CheckpointWriter(root, fp)
    deps.send({
      type: 'started',
      backend,
      params: countParams(model.model).params,
      epochs: s.epochs,
      batchesPerEpoch: train.batches(),
      trainCount: train.count,
      valCount: val.count,
      testCount: test.count,
      firstEpoch: resume.epoch + 1,
    })
    const outcome = await trainLoop({
      compiled: model,
      train,
      val: val.count > 0 ? val : null,
      settings: s,
      optimizer: opt,
      send: deps.send,
      shouldStop: deps.shouldStop,
      firstEpoch: resume.epoch + 1,
      startStep: resume.step,
      afterEpoch: async (r) => {
        const saved = await writer.save(
          model.model,
          opt,
          r.epoch,
          r.step,
          r.valAccuracy,
          r.trainAccuracy,
        )
        deps.send({
          type: 'checkpoint',
          epoch: r.epoch,
          step: r.step,
          path: saved.path,
          valAccuracy: r.valAccuracy,
          isBest: saved.isBest,
          removed: saved.removed,
        })
      },
    })
    if (outcome.kind === 'diverged') {
      deps.send({
        type: 'error',
        kind: 'diverged',
        message: `${outcome.why} at epoch ${outcome.epoch}, step ${outcome.step}: lower the learning rate`,
        epoch: outcome.epoch,
        step: outcome.step,
      })
      return
    }
    const testMetrics =
      outcome.reason === 'stopped' || test.count === 0
        ? undefined
        : await evaluateTest(model.logits, test, model.classes)
    deps.send({
      type: 'done',
      reason: outcome.reason,
      epochs: outcome.epochs,
      step: outcome.step,
      ...(testMetrics ? { test: testMetrics } : {}),
      durationMs: performance.now() - started,
    })
  } catch (e) {
    const kind = e instanceof JobError ? e.kind : 'exception'
    // tfjs's engine knows the backend even when the step that failed came before `prepared`.
    const backend = (tf.engine() as { backendName: string | null }).backendName ?? null
    deps.send({ type: 'error', kind, message: explainFailure(messageOf(e), backend) })
  } finally {
    for (const b of batchers) b.dispose()
    optimizer?.dispose()
    compiled?.model.dispose()
  }
}
