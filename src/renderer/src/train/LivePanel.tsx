import { useEffect, useState } from 'react'
import type { RunDetail } from '../../../shared/api'
import { backendLabel } from '../../../shared/runs'
import { api } from '../api'
import { duration, loss, pct } from '../charts/format'
import { toast } from '../ui/toasts'
import { LiveCharts } from './LiveCharts'
import { runPhase } from './phase'
import { loadCurves } from './curves'
import { useLive, type Point, type Progress } from './liveStore'
import { errorText, useAsync } from './useAsync'

/** The run being watched: progress bar, pace, ETA, stop, and its curves growing live. */
export function LivePanel({ runId }: { runId: number }): React.JSX.Element {
  const liveRun = useLive((s) => s.runs[runId])
  const status = liveRun?.status
  const detail = useAsync(() => api.runs.get({ runId }), [runId, status])
  const [stopping, setStopping] = useState(false)
  useEffect(() => {
    void loadCurves(runId).catch(() => undefined)
  }, [runId])

  const run: RunDetail | null = detail.state === 'ready' ? detail.data : null
  const shownStatus = status ?? run?.status ?? 'queued'
  const p = liveRun?.progress ?? null
  const done = p
    ? ((p.epoch - 1) * p.batches + p.batch) / Math.max(1, p.epochs * p.batches)
    : shownStatus === 'completed'
      ? 1
      : 0
  const running = shownStatus === 'running'
  const stop = async (): Promise<void> => {
    setStopping(true)
    try {
      await api.runs.stop({ runId })
    } catch (e) {
      toast('error', `Could not stop: ${errorText(e)}`)
    } finally {
      setStopping(false)
    }
  }
  const test = run?.finalMetrics?.test?.accuracy
  const native = liveRun?.backend ? liveRun.backendNative : (run?.backendNative ?? null)
  const device = liveRun?.backend ? liveRun.backendDevice : (run?.backendDevice ?? null)
  const backend = backendLabel(liveRun?.backend ?? run?.backend, native, device)
  const backendTitle = native
    ? `Native kernels (${native}) run the convolutions and most elementwise work`
    : undefined
  return (
    <section
      className="tp-live"
      data-testid="live-panel"
      data-run-id={runId}
      data-status={shownStatus}
    >
      <header className="tp-live-head">
        <div>
          <h2 className="tp-live-title">{run?.name ?? `Run ${runId}`}</h2>
          <span className={`run-status s-${shownStatus}`} data-testid="live-status">
            {shownStatus}
          </span>
          {backend && (
            <span className="tp-hint" data-testid="live-backend" title={backendTitle}>
              {' '}
              on {backend}
            </span>
          )}
        </div>
        {(running || shownStatus === 'queued') && (
          <button
            className="btn"
            onClick={() => void stop()}
            disabled={stopping}
            data-testid="stop-run"
          >
            {stopping ? 'Stopping…' : shownStatus === 'queued' ? 'Cancel' : '■ Stop'}
          </button>
        )}
      </header>
      <div
        className="tp-progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(done * 100)}
        data-testid="progress"
        data-value={done.toFixed(4)}
      >
        <span style={{ width: `${done * 100}%` }} />
      </div>
      <div className="tp-stats" data-testid="live-stats">
        <Stat label="Epoch" value={p ? `${p.epoch} / ${p.epochs}` : '—'} testId="stat-epoch" />
        <Stat label="Batch" value={p ? `${p.batch} / ${p.batches}` : '—'} testId="stat-batch" />
        <Stat
          label="ETA"
          value={running && p ? eta(p, liveRun?.curves ?? {}) : '—'}
          testId="stat-eta"
        />
        <Stat
          label="Images/s"
          value={p?.imagesPerSec ? Math.round(p.imagesPerSec).toLocaleString() : '—'}
        />
        <Stat label="Loss" value={loss(p?.loss)} />
        <Stat label="Accuracy" value={pct(p?.acc)} />
        <Stat
          label="Learning rate"
          value={p?.lr == null ? '—' : String(Number(p.lr.toPrecision(3)))}
        />
        {test != null && <Stat label="Test accuracy" value={pct(test, 2)} testId="stat-test" />}
      </div>
      {(liveRun?.error ?? run?.error) && shownStatus !== 'running' && (
        <p className={`tp-reason s-${shownStatus}`} data-testid="live-error">
          {liveRun?.error ?? run?.error}
        </p>
      )}
      {shownStatus === 'queued' && Object.keys(liveRun?.curves ?? {}).length === 0 ? (
        <p className="tp-waiting" data-testid="live-waiting">
          Waiting in the queue: it starts when the runs ahead of it end. Its curves will grow here.
        </p>
      ) : (
        <LiveCharts curves={liveRun?.curves ?? {}} />
      )}
    </section>
  )
}

/** Time left, or what the trainer is doing after an epoch's last batch. */
function eta(p: Progress, curves: Record<string, Point[]>): string {
  const phase = runPhase(p, curves)
  if (phase === 'validating') return 'validating…'
  if (phase === 'testing') return 'testing…'
  return duration(p.etaMs)
}

function Stat({
  label,
  value,
  testId,
}: {
  label: string
  value: string
  testId?: string
}): React.JSX.Element {
  return (
    <div className="tp-stat">
      <span className="tp-stat-label">{label}</span>
      <span className="tp-stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  )
}
