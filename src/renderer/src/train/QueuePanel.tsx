import type { RunSummary } from '../../../shared/api'
import { api } from '../api'
import { toast } from '../ui/toasts'
import { useLive } from './liveStore'
import { errorText, useAsync } from './useAsync'
import { useState } from 'react'

const selectStatusSerial = (s: { statusSerial: number }) => s.statusSerial

/** Runs waiting their turn, in order: move up or down, cancel. */
export function QueuePanel({
  refresh,
  onOpen,
}: {
  refresh: number
  onOpen(runId: number): void
}): React.JSX.Element | null {
  const serial = useLive(selectStatusSerial)
  const [local, setLocal] = useState(0)
  const queue = useAsync(() => api.runs.queue(), [serial, refresh, local])
  if (queue.state !== 'ready' || queue.data.length === 0) return null
  const runs = queue.data
  const act = async (f: () => Promise<unknown>): Promise<void> => {
    try {
      await f()
    } catch (e) {
      toast('error', errorText(e))
    }
    setLocal((n) => n + 1)
  }
  const move = (i: number, by: number): Promise<void> => {
    const ids = runs.map((r) => r.id)
    const [id] = ids.splice(i, 1)
    ids.splice(i + by, 0, id!)
    return act(() => api.runs.reorder({ runIds: ids }))
  }
  return (
    <section className="tp-queue" data-testid="queue">
      <h3 className="tp-heading">Queue ({runs.length})</h3>
      <ol>
        {runs.map((r: RunSummary, i) => (
          <li key={r.id} data-testid="queue-item" data-run-id={r.id}>
            <button className="tp-queue-name" onClick={() => onOpen(r.id)} title="Show this run">
              {r.name}
            </button>
            <span className="tp-hint">lr {String(r.hyperparameters.lr ?? '—')}</span>
            <button
              className="icon-btn"
              disabled={i === 0}
              onClick={() => void move(i, -1)}
              aria-label="Move up"
              data-testid="queue-up"
            >
              ↑
            </button>
            <button
              className="icon-btn"
              disabled={i === runs.length - 1}
              onClick={() => void move(i, 1)}
              aria-label="Move down"
              data-testid="queue-down"
            >
              ↓
            </button>
            <button
              className="icon-btn"
              onClick={() => void act(() => api.runs.cancel({ runId: r.id }))}
              aria-label="Cancel"
              data-testid="queue-cancel"
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}
