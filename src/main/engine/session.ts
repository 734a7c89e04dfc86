import type { MetricPoint, Run, Store } from '../store'
import type { BatchPoint, EventHub, RunProgressEvent } from './events'
import { parseTrainerMessage, type TrainerMessage, type TrainJob } from './messages'
import {
  batchPoints,
  doneOutcome,
  epochPoints,
  lastEpochOf,
  silentExitOutcome,
  type LastEpoch,
  type Outcome,
} from './runRecords'
import type { TrainerChannel } from './spawn'
import { assertNever } from '../../shared/assertNever'

export interface SessionOptions {
  /** At most one progress event per run per this many ms (it carries every batch since the last). */
  progressIntervalMs: number
  /** Batch metrics are written in one transaction at most this often. */
  flushIntervalMs: number
  /** Class names for the stored confusion matrix and per-class accuracy. */
  classNames: string[]
}

/**
 * One run in one trainer process: turns the trainer's messages into store writes and events,
 * and decides the run's final status — also when the process dies without a word (crashed).
 */
export class RunSession {
  readonly finished: Promise<Run>
  private resolveFinished!: (run: Run) => void
  private points: MetricPoint[] = []
  private outcome: Outcome | null = null
  private ended = false
  private stopRequested = false
  private killedAfterStop = false
  private flushTimer: NodeJS.Timeout
  private killTimer: NodeJS.Timeout | undefined
  private progressTimer: NodeJS.Timeout | undefined
  private pendingProgress: Omit<RunProgressEvent, 'points'> | null = null
  private pendingPoints: BatchPoint[] = []
  private lastProgressAt = 0
  private epochs: number
  private epochStartedAt = Date.now()
  private last: LastEpoch = {}
  private bestVal: number | null = null

  constructor(
    private readonly store: Store,
    private readonly hub: EventHub,
    private readonly channel: TrainerChannel,
    private readonly job: TrainJob,
    private readonly options: SessionOptions,
  ) {
    this.epochs = job.settings.epochs
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve))
    this.flushTimer = setInterval(() => this.flush(), options.flushIntervalMs)
    this.flushTimer.unref()
    channel.onMessage((raw) => this.receive(raw))
    channel.onExit((exit) => this.exited(exit))
    channel.send({ type: 'start', job })
  }

  get runId(): number {
    return this.job.runId
  }

  /** Asks the trainer to finish its batch and stop; kills it when it has not ended in time. */
  stop(timeoutMs: number): void {
    if (this.ended || this.stopRequested) return
    this.stopRequested = true
    this.channel.send({ type: 'stop' })
    this.killTimer = setTimeout(() => {
      this.killedAfterStop = true
      this.channel.kill()
    }, timeoutMs)
  }

  private receive(raw: unknown): void {
    if (this.ended) return
    const parsed = parseTrainerMessage(raw)
    if (!parsed.ok) {
      this.outcome = { status: 'failed', error: `the trainer sent a bad message: ${parsed.error}` }
      this.channel.kill()
      return
    }
    try {
      this.handle(parsed.message)
      // The trainer exits by itself after its last word; make sure of it.
      if (this.outcome !== null && this.killTimer === undefined)
        this.killTimer = setTimeout(() => this.channel.kill(), 5000)
    } catch (e) {
      // A store write failed (disk full, read-only file): end the run rather than train unrecorded.
      this.outcome = {
        status: 'failed',
        error: `cannot record the run: ${e instanceof Error ? e.message : String(e)}`,
      }
      this.channel.kill()
    }
  }

  private handle(m: TrainerMessage): void {
    const runId = this.runId
    const now = Date.now()
    switch (m.type) {
      case 'started': {
        this.epochs = m.epochs
        this.epochStartedAt = now
        this.store.runs.markRunning(runId, {
          backend: m.backend.name,
          backendVersion: m.backend.version,
          backendNative: m.backend.nativeKernels,
          backendDetail: m.backend.detail,
          backendDevice: m.backend.device,
        })
        this.hub.emit({
          type: 'status',
          runId,
          status: 'running',
          error: null,
          backend: m.backend.name,
          backendNative: m.backend.nativeKernels,
          backendDevice: m.backend.device,
        })
        break
      }
      case 'batch': {
        const { epoch, step } = m
        this.points.push(...batchPoints(m, now))
        this.pendingPoints.push({ step, loss: m.loss, acc: m.accuracy, lr: m.lr })
        const perBatch = (now - this.epochStartedAt) / m.batch
        const left = m.batches - m.batch + (this.epochs - epoch) * m.batches
        this.progress({
          type: 'progress',
          runId,
          epoch,
          epochs: this.epochs,
          batch: m.batch,
          batches: m.batches,
          step,
          loss: m.loss,
          acc: m.accuracy,
          lr: m.lr,
          imagesPerSec: m.imagesPerSec,
          etaMs: perBatch * left,
        })
        break
      }
      case 'epoch': {
        const { epoch, step } = m
        this.points.push(...epochPoints(m, now))
        this.flush()
        this.last = lastEpochOf(m)
        if (
          m.valAccuracy !== null &&
          Number.isFinite(m.valAccuracy) &&
          (this.bestVal === null || m.valAccuracy > this.bestVal)
        ) {
          this.bestVal = m.valAccuracy
          this.store.runs.update(runId, { bestValAccuracy: m.valAccuracy })
        }
        this.epochStartedAt = now
        this.flushProgress()
        this.hub.emit({
          type: 'epoch',
          runId,
          epoch,
          epochs: this.epochs,
          step,
          trainLoss: m.trainLoss,
          trainAcc: m.trainAccuracy,
          valLoss: m.valLoss,
          valAcc: m.valAccuracy,
          lr: m.lr,
          imagesPerSec: m.imagesPerSec,
          durationMs: m.durationMs,
        })
        break
      }
      case 'checkpoint': {
        for (const c of this.store.checkpoints.list(runId))
          if (m.removed.includes(c.path)) this.store.checkpoints.delete(c.id)
        this.store.checkpoints.add({
          runId,
          epoch: m.epoch,
          step: m.step,
          path: m.path,
          valAccuracy: m.valAccuracy,
          isBest: m.isBest,
        })
        break
      }
      case 'done':
        this.outcome = doneOutcome(m, this.last, this.options.classNames)
        break
      case 'probed':
        // A trainer started with `start` never measures; nothing of a run to record.
        break
      case 'error': {
        this.outcome =
          m.kind === 'diverged'
            ? { status: 'diverged', error: m.message, final: { ...this.last } }
            : { status: 'failed', error: m.message }
        break
      }
      default:
        assertNever(m)
    }
  }

  private progress(event: Omit<RunProgressEvent, 'points'>): void {
    this.pendingProgress = event
    const wait = this.lastProgressAt + this.options.progressIntervalMs - Date.now()
    if (wait <= 0) this.flushProgress()
    else if (this.progressTimer === undefined)
      this.progressTimer = setTimeout(() => this.flushProgress(), wait)
  }

  private flushProgress(): void {
    if (this.progressTimer !== undefined) clearTimeout(this.progressTimer)
    this.progressTimer = undefined
    if (this.pendingProgress === null) return
    this.lastProgressAt = Date.now()
    const e: RunProgressEvent = { ...this.pendingProgress, points: this.pendingPoints }
    this.pendingProgress = null
    this.pendingPoints = []
    this.hub.emit(e)
  }

  private flush(): void {
    if (this.points.length === 0) return
    const points = this.points
    this.points = []
    this.store.metrics.append(this.runId, points)
  }

  /** The run as last stored, or a bare record when the store cannot be read (closed). */
  private runFallback(): Run {
    try {
      const run = this.store.runs.get(this.runId)
      if (run) return run
    } catch {
      // fall through
    }
    return { id: this.runId } as Run
  }

  private exited(exit: { code: number | null; signal: string | null; detail: string }): void {
    if (this.ended) return
    this.ended = true
    clearInterval(this.flushTimer)
    if (this.killTimer !== undefined) clearTimeout(this.killTimer)
    const outcome = this.outcome ?? silentExitOutcome(exit, this.killedAfterStop, this.last)
    let run: Run
    try {
      this.flush()
      this.flushProgress()
      const hasFinal = outcome.final !== undefined && Object.keys(outcome.final).length > 0
      run = this.store.runs.finish(this.runId, {
        status: outcome.status,
        error: outcome.error,
        ...(hasFinal ? { finalMetrics: outcome.final } : {}),
      })
    } catch (e) {
      console.error(`run ${this.runId}: cannot record its end:`, e)
      run = { ...this.runFallback(), status: outcome.status, error: outcome.error }
    }
    this.hub.emit({
      type: 'status',
      runId: this.runId,
      status: outcome.status,
      error: outcome.error,
    })
    this.resolveFinished(run)
  }
}
