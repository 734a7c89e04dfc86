import type { ErrorCode, EventPayloadOf } from '../../shared/api'
import type { Store } from '../store'
import { EnqueueError, type Supervisor } from '../engine/supervisor'
import type { SupervisorEvent } from '../engine/events'
import { ApiError, fail } from './errors'
import type { RunEngine } from './runs'
import type { EventBus } from './types'
import { assertNever } from '../../shared/assertNever'

// JSON has no NaN or Infinity; turn them into null here so both transports carry the same.
const num = (n: number): number | null => (Number.isFinite(n) ? n : null)
const numOrNull = (n: number | null): number | null => (n === null ? null : num(n))

/** Forwards the supervisor's events to the bus under the contract's names. */
export function forwardSupervisorEvents(supervisor: Supervisor, events: EventBus): () => void {
  return supervisor.subscribe((event: SupervisorEvent) => {
    switch (event.type) {
      case 'progress': {
        const payload: EventPayloadOf<'runs:progress'> = {
          runId: event.runId,
          epoch: event.epoch,
          epochs: event.epochs,
          batch: event.batch,
          batches: event.batches,
          step: event.step,
          loss: num(event.loss),
          acc: num(event.acc),
          lr: num(event.lr),
          imagesPerSec: num(event.imagesPerSec),
          etaMs: num(event.etaMs),
          points: event.points.map((p) => ({
            step: p.step,
            loss: num(p.loss),
            acc: num(p.acc),
            lr: num(p.lr),
          })),
        }
        return events.emit('runs:progress', payload)
      }
      case 'epoch':
        return events.emit('runs:epoch', {
          runId: event.runId,
          epoch: event.epoch,
          epochs: event.epochs,
          step: event.step,
          trainLoss: num(event.trainLoss),
          trainAcc: num(event.trainAcc),
          valLoss: numOrNull(event.valLoss),
          valAcc: numOrNull(event.valAcc),
          lr: num(event.lr),
          imagesPerSec: num(event.imagesPerSec),
          durationMs: num(event.durationMs),
        })
      case 'status':
        return events.emit('runs:status', {
          runId: event.runId,
          status: event.status,
          error: event.error,
          ...(event.backend === undefined ? {} : { backend: event.backend }),
          ...(event.backendNative === undefined ? {} : { backendNative: event.backendNative }),
          ...(event.backendDevice === undefined ? {} : { backendDevice: event.backendDevice }),
        })
      default:
        return assertNever(event, 'supervisor event')
    }
  })
}

// A Record over the engine's codes: a code added there fails to compile here until mapped.
const ENQUEUE_CODES: Record<EnqueueError['code'], ErrorCode> = {
  'invalid-design': 'INVALID_DESIGN',
  'invalid-settings': 'BAD_REQUEST',
  'unknown-dataset': 'DATASET_NOT_FOUND',
  // The design's input or class count does not fit the dataset: the design must change.
  'dataset-mismatch': 'INVALID_DESIGN',
}

/** The supervisor behind the `RunEngine` the run handlers use, its errors in the catalogue. */
export function supervisorEngine(
  supervisor: Supervisor,
  store: Store,
  builtins: Promise<unknown>,
): RunEngine {
  return {
    async start({ design, datasetId, hyperparameters, name, backend, designId }) {
      // A run on MNIST right after start must find it registered.
      await builtins.catch(() => undefined)
      let named = design
      if (designId !== undefined) {
        const saved =
          store.designs.get(designId) ?? fail('NOT_FOUND', `No design with id ${designId}.`)
        named = { ...design, name: saved.name }
      }
      try {
        return await supervisor.start({
          design: named,
          datasetId,
          hyperparameters,
          backend,
          ...(name === undefined ? {} : { name }),
        })
      } catch (error) {
        if (error instanceof EnqueueError)
          throw new ApiError(ENQUEUE_CODES[error.code], error.message)
        throw error
      }
    },
    stop: (runId) => supervisor.stop(runId),
    reorder: (runIds) => supervisor.reorder(runIds),
    activeRunId: () => supervisor.activeRunId,
  }
}
