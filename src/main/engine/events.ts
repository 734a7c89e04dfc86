import type { RunStatus } from '../store'
import { METRIC_NAMES } from '../../shared/runs/series'

/** One batch's figures, as the live curves draw them. */
export interface BatchPoint {
  step: number
  loss: number
  acc: number
  lr: number
}

/**
 * A batch finished (throttled: at most one per run per interval). The figures are the latest
 * batch's; `points` holds every batch since the previous event, so no curve misses a batch.
 */
export interface RunProgressEvent {
  type: 'progress'
  runId: number
  epoch: number
  epochs: number
  batch: number
  batches: number
  step: number
  loss: number
  acc: number
  lr: number
  imagesPerSec: number
  /** Time left at the current pace, validation not counted. */
  etaMs: number
  /** Every batch since the previous progress event of this run, oldest first. */
  points: BatchPoint[]
}

/** An epoch finished (never throttled). */
export interface RunEpochEvent {
  type: 'epoch'
  runId: number
  epoch: number
  epochs: number
  step: number
  trainLoss: number
  trainAcc: number
  valLoss: number | null
  valAcc: number | null
  lr: number
  imagesPerSec: number
  durationMs: number
}

export interface RunStatusEvent {
  type: 'status'
  runId: number
  status: RunStatus
  error: string | null
  /** The backend the trainer got, once running. */
  backend?: string
  /** The native kernels in front of it, once running ("avx512, 2 threads"; null: none). */
  backendNative?: string | null
  /** The GPU it runs on, once running (null: a CPU backend). */
  backendDevice?: string | null
}

export type SupervisorEvent = RunProgressEvent | RunEpochEvent | RunStatusEvent
export type SupervisorListener = (event: SupervisorEvent) => void

/** Names of the metric series a run writes (the `metrics` table's `name`); shared with the UI. */
export const METRICS = METRIC_NAMES

/** Fans events out to subscribers; a throwing listener does not stop the others. */
export class EventHub {
  private readonly listeners = new Set<SupervisorListener>()

  subscribe(listener: SupervisorListener): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  emit(event: SupervisorEvent): void {
    for (const l of this.listeners) {
      try {
        l(event)
      } catch (e) {
        console.error('supervisor listener failed:', e)
      }
    }
  }
}
