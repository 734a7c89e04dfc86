import { METRIC_NAMES as M } from '../../../shared/runs'
import type { Point, Progress } from './liveStore'

/** What a running run is doing between its batches' progress events. */
export type RunPhase = 'training' | 'validating' | 'testing'

/**
 * After an epoch's last batch the trainer scores the validation split, and after the last
 * epoch the test split: no batch progress arrives meanwhile, so the ETA would sit at 0 s. The
 * epoch curves say which: no epoch point at the last batch's step yet → validating; the final
 * epoch's point in → testing.
 */
export function runPhase(p: Progress, curves: Record<string, Point[]>): RunPhase {
  if (p.batch < p.batches) return 'training'
  const epochEnds = curves[M.trainLoss] ?? []
  const ended = epochEnds.length > 0 && epochEnds[epochEnds.length - 1]![0] >= p.step
  if (!ended) return 'validating'
  return p.epoch >= p.epochs ? 'testing' : 'training'
}
