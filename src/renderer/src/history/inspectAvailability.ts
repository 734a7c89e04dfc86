import type { RunStatus } from '../../../shared/api'

const NO_MODEL = 'there is no trained model to inspect'

/**
 * Why a run cannot be inspected, or null when it can: the inspector evaluates the run's last
 * checkpoint, which the trainer writes at the end of each epoch. Worded as the Export panel's.
 */
export function inspectBlocker(status: RunStatus, hasCheckpoint: boolean): string | null {
  if (hasCheckpoint) return null
  switch (status) {
    case 'queued':
      return 'This run has not started yet; it can be inspected once its first epoch ends.'
    case 'running':
      return 'No checkpoint yet: the run can be inspected once the first epoch ends.'
    case 'stopped':
      return `This run stopped before its first checkpoint; ${NO_MODEL}. Re-run it to train a model.`
    case 'failed':
      return `This run failed before its first checkpoint; ${NO_MODEL}. Fix the reason above, then re-run it.`
    case 'crashed':
      return `The trainer ended before this run's first checkpoint; ${NO_MODEL}. Re-run it to train a model.`
    case 'diverged':
      return `The loss diverged before the first checkpoint; ${NO_MODEL}. Re-run it with a lower learning rate.`
    case 'completed':
      return `This run's checkpoints are gone; ${NO_MODEL}. Re-run it to train a model.`
    default:
      return assertNever(status)
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled run status: ${String(value)}`)
}
