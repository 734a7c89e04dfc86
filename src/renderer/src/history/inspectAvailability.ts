import type { RunStatus } from '../../../shared/api'
import { noCheckpointReason } from '../../../shared/runs/noCheckpoint'

/**
 * Why a run cannot be inspected, or null when it can: the inspector evaluates the run's last
 * checkpoint. Worded as the Export panel's.
 */
export function inspectBlocker(status: RunStatus, hasCheckpoint: boolean): string | null {
  return hasCheckpoint ? null : noCheckpointReason(status, 'inspect')
}
