import { api } from '../api'
import { live, type Point } from './liveStore'

/**
 * Loads a run's stored curves into the live store: for a run opened after it started, and after
 * the event stream dropped (the points it missed are in the store, under the same names).
 */
export async function loadCurves(runId: number): Promise<void> {
  const { series } = await api.runs.metrics({ runId, maxPoints: 1000 })
  live.loaded(
    runId,
    Object.fromEntries(series.map((s) => [s.name, s.points.map((p): Point => [p.step, p.value])])),
  )
}

/**
 * After the event stream comes back: every run the app saw queued or running gets its status
 * and its stored curves again, so a curve has no gap and a run that ended meanwhile says so.
 */
export async function resyncRuns(): Promise<void> {
  const open = Object.values(live.runs()).filter(
    (r) => r.status === 'queued' || r.status === 'running',
  )
  await Promise.all(
    open.map(async (r) => {
      const run = await api.runs.get({ runId: r.runId })
      live.status({
        runId: run.id,
        status: run.status,
        error: run.error,
        ...(run.backend === null ? {} : { backend: run.backend }),
        backendNative: run.backendNative,
        backendDevice: run.backendDevice,
      })
      await loadCurves(run.id)
    }),
  )
}
