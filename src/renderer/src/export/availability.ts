import type { RunStatus } from '../../../shared/api'

/** What the Export panel can offer a run: everything, or the design alone and why. */
export type Availability = { weights: true } | { weights: false; reason: string }

const NO_WEIGHTS = 'there are no trained weights to export'

/**
 * Whether a run's trained model can be exported: only from a checkpoint, which the trainer
 * writes at the end of each epoch. The reason says what happened and what to do instead.
 */
export function exportAvailability(status: RunStatus, hasCheckpoint: boolean): Availability {
  if (hasCheckpoint) return { weights: true }
  return { weights: false, reason: noCheckpointReason(status) }
}

function noCheckpointReason(status: RunStatus): string {
  switch (status) {
    case 'queued':
      return 'This run has not started yet; its model can be exported once its first epoch ends.'
    case 'running':
      return 'No checkpoint yet: the model can be exported once the first epoch ends.'
    case 'stopped':
      return `This run stopped before its first checkpoint; ${NO_WEIGHTS}. Re-run it to train a model.`
    case 'failed':
      return `This run failed before its first checkpoint; ${NO_WEIGHTS}. Fix the reason above, then re-run it.`
    case 'crashed':
      return `The trainer ended before this run's first checkpoint; ${NO_WEIGHTS}. Re-run it to train a model.`
    case 'diverged':
      return `The loss diverged before the first checkpoint; ${NO_WEIGHTS}. Re-run it with a lower learning rate.`
    case 'completed':
      return `This run's checkpoints are gone; ${NO_WEIGHTS}. Re-run it to train a model.`
    default:
      return assertNever(status)
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled run status: ${String(value)}`)
}
