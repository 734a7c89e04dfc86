import { useEffect } from 'react'
import type { RunStatus } from '../../../shared/api'
import { api } from '../api'

/**
 * Calls `refresh` when a live run without a checkpoint may have gained one, so the Export panel
 * opens up without reopening the run: when its status changes (it ended), and on its first
 * progress past epoch 1 (the trainer records an epoch's checkpoint before the next epoch's
 * batches, so the store has it by then).
 */
export function useCheckpointWatch(
  run: { id: number; status: RunStatus; hasCheckpoint: boolean } | null,
  refresh: () => void,
): void {
  const live = run?.status === 'queued' || run?.status === 'running'
  const waiting = live && !run.hasCheckpoint
  const id = run?.id
  useEffect(() => {
    if (!live) return
    return api.runs.onStatus((e) => e.runId === id && refresh())
  }, [id, live, refresh])
  useEffect(() => {
    if (!waiting) return
    let asked = false
    return api.runs.onProgress((e) => {
      if (e.runId !== id || e.epoch < 2 || asked) return
      asked = true
      refresh()
    })
  }, [id, waiting, refresh])
}
