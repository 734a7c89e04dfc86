import { useEffect } from 'react'
import { api } from '../api'
import { pct } from '../charts/format'
import { resyncRuns } from './curves'
import { live } from './liveStore'
import { notifyRunEnded } from './notify'

/**
 * Listens to run events for the whole app (mounted once, whatever the view): feeds the live
 * curves and says when a run ends.
 */
export function RunWatcher(): null {
  useEffect(() => {
    const offs = [
      api.runs.onProgress(live.progress),
      api.runs.onEpoch(live.epoch),
      api.runs.onStatus((e) => {
        live.status(e)
        if (e.status === 'queued' || e.status === 'running') return
        // Cancelling a queued run is the user's own act; no need to announce it.
        if (e.status === 'stopped' && e.error === 'Cancelled before it started.') return
        void api.runs
          .get({ runId: e.runId })
          .then((r) => {
            const test = r.finalMetrics?.test?.accuracy
            notifyRunEnded(
              r.name,
              e.status,
              e.status === 'completed'
                ? test == null
                  ? null
                  : `test accuracy ${pct(test)}`
                : e.error,
            )
          })
          .catch(() => notifyRunEnded(`Run ${e.runId}`, e.status, e.error))
      }),
    ]
    // A dropped event stream (serve mode over a tunnel, a laptop asleep) loses events: refetch.
    offs.push(api.transport.onReconnect(() => void resyncRuns().catch(() => undefined)))
    return () => offs.forEach((off) => off())
  }, [])
  return null
}
