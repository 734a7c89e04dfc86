import type { RunStatus } from '../api'
import { assertNever } from '../assertNever'

/** What the user wanted of a run that has no checkpoint: its weights exported, or a look inside. */
export type CheckpointUse = 'export' | 'inspect'

const WORDS: Record<CheckpointUse, { missing: string; later: string; laterRun: string }> = {
  export: {
    missing: 'there are no trained weights to export',
    later: 'its model can be exported',
    laterRun: 'the model can be exported',
  },
  inspect: {
    missing: 'there is no trained model to inspect',
    later: 'it can be inspected',
    laterRun: 'the run can be inspected',
  },
}

/**
 * Why a run without a checkpoint cannot be exported or inspected, in one line: what happened
 * and what to do instead. The trainer writes a checkpoint at the end of each epoch.
 */
export function noCheckpointReason(status: RunStatus, use: CheckpointUse): string {
  const w = WORDS[use]
  switch (status) {
    case 'queued':
      return `This run has not started yet; ${w.later} once its first epoch ends.`
    case 'running':
      return `No checkpoint yet: ${w.laterRun} once the first epoch ends.`
    case 'stopped':
      return `This run stopped before its first checkpoint; ${w.missing}. Re-run it to train a model.`
    case 'failed':
      return `This run failed before its first checkpoint; ${w.missing}. Fix the reason above, then re-run it.`
    case 'crashed':
      return `The trainer ended before this run's first checkpoint; ${w.missing}. Re-run it to train a model.`
    case 'diverged':
      return `The loss diverged before the first checkpoint; ${w.missing}. Re-run it with a lower learning rate.`
    case 'completed':
      return `This run's checkpoints are gone; ${w.missing}. Re-run it to train a model.`
    default:
      return assertNever(status, 'run status')
  }
}
