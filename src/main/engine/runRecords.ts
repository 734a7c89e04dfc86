/**
 * What a trainer's messages become in the store: the metric points of a batch and of an epoch,
 * the final metrics of `done`, and the outcome of a run whose process ended. Pure functions, so
 * `RunSession` keeps only the bookkeeping of one live process.
 */
import type { FinalMetrics, MetricPoint, RunStatus } from '../store'
import { METRICS } from './events'
import type { TrainerMessage } from './messages'

type BatchMessage = Extract<TrainerMessage, { type: 'batch' }>
type EpochMessage = Extract<TrainerMessage, { type: 'epoch' }>
type DoneMessage = Extract<TrainerMessage, { type: 'done' }>

/** How a run ended, decided by its messages or by the way its process exited. */
export type Outcome = {
  status: Exclude<RunStatus, 'queued' | 'running'>
  error: string | null
  final?: FinalMetrics
}

/** The last epoch's train and validation metrics, carried into the final metrics. */
export type LastEpoch = { train?: Record<string, number>; val?: Record<string, number> }

/** Loss, accuracy and learning rate of one batch. */
export function batchPoints(m: BatchMessage, now: number): MetricPoint[] {
  const { epoch, step } = m
  return [
    { name: METRICS.batchLoss, step, epoch, value: m.loss, time: now },
    { name: METRICS.batchAccuracy, step, epoch, value: m.accuracy, time: now },
    { name: METRICS.batchLr, step, epoch, value: m.lr, time: now },
  ]
}

/** The epoch's series; a metric the trainer could not measure (null) is left out. */
export function epochPoints(m: EpochMessage, now: number): MetricPoint[] {
  const { epoch, step } = m
  const points: MetricPoint[] = []
  const add = (name: string, value: number | null): void => {
    if (value !== null) points.push({ name, step, epoch, value, time: now })
  }
  add(METRICS.trainLoss, m.trainLoss)
  add(METRICS.trainAccuracy, m.trainAccuracy)
  add(METRICS.valLoss, m.valLoss)
  add(METRICS.valAccuracy, m.valAccuracy)
  add(METRICS.lr, m.lr)
  add(METRICS.imagesPerSec, m.imagesPerSec)
  return points
}

/** The epoch's metrics as the final metrics will carry them. */
export function lastEpochOf(m: EpochMessage): LastEpoch {
  return {
    train: { loss: m.trainLoss, accuracy: m.trainAccuracy },
    ...(m.valLoss === null || m.valAccuracy === null
      ? {}
      : { val: { loss: m.valLoss, accuracy: m.valAccuracy } }),
  }
}

/** The outcome of `done`: the last epoch's metrics plus the test set's, per class by name. */
export function doneOutcome(m: DoneMessage, last: LastEpoch, classNames: string[]): Outcome {
  const final: FinalMetrics = { ...last }
  if (m.test) {
    final.test = {
      loss: m.test.loss,
      accuracy: m.test.top1,
      top5: m.test.top5,
      ...Object.fromEntries(
        m.test.perClassAccuracy.map((a, i) => [`accuracy/${classNames[i] ?? i}`, a]),
      ),
    }
    final.confusionMatrix = m.test.confusionMatrix
    final.classNames =
      classNames.length === m.test.confusionMatrix.length
        ? classNames
        : m.test.confusionMatrix.map((_, i) => classNames[i] ?? String(i))
  }
  return m.reason === 'stopped'
    ? { status: 'stopped', error: null, final }
    : { status: 'completed', error: null, final }
}

/**
 * The outcome of a process that exited before saying how the run ended: stopped when it was
 * killed after a stop request, else crashed with the exit and the last lines it printed.
 */
export function silentExitOutcome(
  exit: { code: number | null; signal: string | null; detail: string },
  killedAfterStop: boolean,
  last: LastEpoch,
): Outcome {
  if (killedAfterStop)
    return {
      status: 'stopped',
      error: 'the trainer did not stop in time and was killed',
      final: { ...last },
    }
  const how = exit.signal !== null ? `was killed (${exit.signal})` : `exited with code ${exit.code}`
  const tail = exit.detail.split('\n').filter(Boolean).slice(-3).join(' | ')
  return {
    status: 'crashed',
    error: `the trainer process ${how}${tail ? `: ${tail}` : ''}`,
    final: { ...last },
  }
}
