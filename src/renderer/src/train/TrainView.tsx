import { useEffect, useState } from 'react'
import { api } from '../api'
import { ImportDatasetDialog, refreshDatasets, useDatasets } from '../datasets'
import type { EditorStoreApi } from '../editor/store/createEditorStore'
import { LivePanel } from './LivePanel'
import { live, useLive } from './liveStore'
import { QueuePanel } from './QueuePanel'
import { TrainForm } from './TrainForm'
import './train.css'

const FINISHED = new Set(['completed', 'stopped', 'failed', 'crashed', 'diverged'])

const selectWatched = (s: { watched: number | null }) => s.watched
const selectList = (s: ReturnType<typeof useDatasets.getState>) => s.list

/** Which run the live panel shows: the one just started, else the one training, else the latest. */
function useWatchedRun(): number | null {
  const watched = useLive(selectWatched)
  useEffect(() => {
    let current = true
    void api.runs.list({ sort: 'createdAt', order: 'desc', limit: 20 }).then(({ runs }) => {
      const pick = runs.find((r) => r.status === 'running') ?? runs[0]
      if (current && pick && useLive.getState().watched === null) live.watch(pick.id)
    })
    return () => {
      current = false
    }
  }, [])
  // When the watched run ends, or the queue starts the next one after it, follow the active run.
  useEffect(
    () =>
      useLive.subscribe((s, prev) => {
        if (s.statusSerial === prev.statusSerial) return
        const w = s.watched
        const ws = w === null ? null : (s.runs[w]?.status ?? null)
        if (w !== null && (ws === null || !FINISHED.has(ws))) return
        // The watched run has ended (or none is watched): show the one training, if any.
        const started = Object.values(s.runs).find(
          (r) => r.status === 'running' && prev.runs[r.runId]?.status !== 'running',
        )
        const justEnded = w !== null && ws !== null && prev.runs[w]?.status !== ws
        const training =
          started ??
          (justEnded ? Object.values(s.runs).find((r) => r.status === 'running') : undefined)
        if (training) live.watch(training.runId)
      }),
    [],
  )
  return watched
}

/** The Train view: the recipe form on the left, the live run and the queue on the right. */
export function TrainView({
  editor,
  active = true,
}: {
  editor: EditorStoreApi
  active?: boolean
}): React.JSX.Element {
  const datasets = useDatasets(selectList)
  // The view stays mounted while hidden: list on mount and again each time it shows, so new imports appear.
  useEffect(() => {
    if (active || useDatasets.getState().list.state !== 'ready') void refreshDatasets()
  }, [active])
  const watched = useWatchedRun()
  const [refresh, setRefresh] = useState(0)
  return (
    <div className="train-view" data-testid="train-view">
      <aside className="tp-left">
        {datasets.state === 'loading' && <p className="tp-hint">Loading datasets…</p>}
        {datasets.state === 'error' && (
          <p className="tp-problem">Could not list datasets: {datasets.message}</p>
        )}
        {datasets.state === 'ready' && (
          <TrainForm
            editor={editor}
            datasets={datasets.data}
            onStarted={(id) => {
              live.watch(id)
              setRefresh((n) => n + 1)
            }}
          />
        )}
      </aside>
      <div className="tp-right">
        <QueuePanel refresh={refresh} onOpen={live.watch} />
        {watched === null ? (
          <div className="tp-empty" data-testid="train-empty">
            <h2>Nothing trained yet</h2>
            <p>
              Pick a dataset, check the recipe on the left and press Start training. The curves grow
              here as it learns.
            </p>
          </div>
        ) : (
          <LivePanel key={watched} runId={watched} />
        )}
      </div>
      <ImportDatasetDialog />
    </div>
  )
}
