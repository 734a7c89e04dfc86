import type { RunStatus } from '../../../shared/api'
import { noCheckpointReason } from '../../../shared/runs/noCheckpoint'

/** What the Export panel can offer a run: everything, or the design alone and why. */
export type Availability = { weights: true } | { weights: false; reason: string }

/**
 * Whether a run's trained model can be exported: only from a checkpoint, which the trainer
 * writes at the end of each epoch. The reason says what happened and what to do instead.
 */
export function exportAvailability(status: RunStatus, hasCheckpoint: boolean): Availability {
  if (hasCheckpoint) return { weights: true }
  return { weights: false, reason: noCheckpointReason(status, 'export') }
}
