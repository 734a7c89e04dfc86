import { useCallback, useState } from 'react'
import type { RunDetail } from '../../../shared/api'
import type { Design } from '../../../shared/graph/types'
import { formatHyper, hasShortcuts, backendSuffix, rerunBody } from '../../../shared/runs'
import { api } from '../api'
import { pct, si } from '../charts/format'
import { ExportPanel, useCheckpointWatch } from '../export'
import { openInspector } from '../inspect'
import { errorText, useAsync } from '../train/useAsync'
import { inspectBlocker } from './inspectAvailability'
import { toast } from '../ui/toasts'

const WHY: Record<string, string> = {
  crashed: 'The trainer process ended unexpectedly.',
  diverged: 'The loss became NaN or infinite, or exploded far above where it started.',
  failed: 'The run could not start or finish.',
  stopped: 'Stopped before the last epoch.',
}

interface Props {
  runId: number
  onClose(): void
  onChanged(): void
  onDeleted(): void
  onOpenDesign(design: Design): void
  onStarted(runId: number): void
}

/** One run: why it ended, tags and notes, its recipe and results, and what to do with it. */
export function RunDetailPanel({
  runId,
  onClose,
  onChanged,
  onDeleted,
  onOpenDesign,
  onStarted,
}: Props): React.JSX.Element {
  const [tick, setTick] = useState(0)
  const run = useAsync(() => api.runs.get({ runId }), [runId, tick])
  const refresh = useCallback(() => setTick((t) => t + 1), [])
  const shown = run.state === 'ready' ? run.data : null
  // A live run's panel follows it to its end, and its Export panel to the first checkpoint.
  useCheckpointWatch(
    shown && { id: shown.id, status: shown.status, hasCheckpoint: shown.checkpoint !== null },
    refresh,
  )
  if (run.state === 'loading') return <aside className="hv-detail">Loading…</aside>
  if (run.state === 'error') return <aside className="hv-detail tp-error">{run.message}</aside>
  return (
    <Detail
      run={run.data}
      onClose={onClose}
      onChanged={() => (setTick((t) => t + 1), onChanged())}
      onDeleted={onDeleted}
      onOpenDesign={onOpenDesign}
      onStarted={onStarted}
    />
  )
}

function Detail({
  run,
  onClose,
  onChanged,
  onDeleted,
  onOpenDesign,
  onStarted,
}: Omit<Props, 'runId'> & { run: RunDetail }): React.JSX.Element {
  const [notes, setNotes] = useState(run.notes)
  const [tagText, setTagText] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [notesFor, setNotesFor] = useState(run.notes)
  if (notesFor !== run.notes) {
    setNotesFor(run.notes)
    setNotes(run.notes)
  }
  const update = async (patch: { tags?: string[]; notes?: string }): Promise<void> => {
    try {
      await api.runs.update({ runId: run.id, ...patch })
      onChanged()
    } catch (e) {
      toast('error', `Could not save: ${errorText(e)}`)
    }
  }
  const start = async (twin: boolean): Promise<void> => {
    const r = rerunBody(run, { twin })
    if (!r.ok) return toast('error', `Cannot re-run: ${r.error}`)
    try {
      const res = await api.runs.start(r.body)
      toast('info', `${res.status === 'queued' ? 'Queued' : 'Started'} ${r.body.name}`)
      onStarted(res.runId)
    } catch (e) {
      toast('error', `Cannot re-run: ${errorText(e)}`)
    }
  }
  const remove = async (): Promise<void> => {
    try {
      await api.runs.delete({ runId: run.id })
      toast('info', `Deleted ${run.name}`)
      onDeleted()
    } catch (e) {
      toast('error', `Could not delete: ${errorText(e)}`)
    }
  }
  const addTag = (): void => {
    const t = tagText.trim()
    if (!t) return
    setTagText('')
    if (!run.tags.includes(t)) void update({ tags: [...run.tags, t] })
  }
  const busy = run.status === 'running' || run.status === 'queued'
  const noInspect = inspectBlocker(run.status, run.checkpoint !== null)
  // A cancelled run's own message says it all; the others get the general reason first.
  const why = run.status === 'stopped' && run.error ? null : (WHY[run.status] ?? null)
  const test = run.finalMetrics?.test
  const hp = Object.entries(run.hyperparameters).filter(
    ([k]) =>
      ![
        'adamBeta1',
        'adamBeta2',
        'rmspropDecay',
        'epsilon',
        'minLr',
        'nesterov',
        'patience',
      ].includes(k),
  )
  return (
    <aside className="hv-detail" data-testid="run-detail" data-run-id={run.id}>
      <header className="hv-detail-head">
        <h2>{run.name}</h2>
        <button className="icon-btn" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <p>
        <span className={`run-status s-${run.status}`}>{run.status}</span>{' '}
        <span className="tp-hint">
          run {run.id} · {run.designName} · {run.datasetName ?? 'dataset deleted'}
        </span>
      </p>
      {run.error || why ? (
        <div className={`tp-reason s-${run.status}`} data-testid="run-reason">
          {why && <strong>{why}</strong>} {run.error}
        </div>
      ) : null}
      <div className="hv-actions">
        <button
          className="btn small primary"
          onClick={() => openInspector(run.id)}
          disabled={noInspect !== null}
          data-testid="inspect-run"
          title={noInspect ?? 'Evaluation, predictions, filters, top-9 patches, feature maps'}
        >
          Inspect
        </button>
        <button className="btn small" onClick={() => void start(false)} data-testid="rerun">
          Re-run
        </button>
        <button
          className="btn small"
          onClick={() => onOpenDesign(run.graph)}
          data-testid="open-design"
        >
          Open design in editor
        </button>
        {hasShortcuts(run.graph) && (
          <button
            className="btn small"
            onClick={() => void start(true)}
            data-testid="run-twin"
            title="Shortcut 'none' everywhere; same seed, data and schedule"
          >
            Queue plain twin
          </button>
        )}
        {!confirming ? (
          <button
            className="btn small danger"
            disabled={busy}
            onClick={() => setConfirming(true)}
            data-testid="delete-run"
            title={busy ? 'Stop it first' : undefined}
          >
            Delete…
          </button>
        ) : (
          <span className="hv-confirm" data-testid="confirm-delete">
            Delete this run and its metrics?
            <button
              className="btn small danger"
              onClick={() => void remove()}
              data-testid="confirm-delete-yes"
            >
              Delete
            </button>
            <button className="btn small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        )}
      </div>
      <h3 className="tp-heading">Results</h3>
      <dl className="hv-kv">
        <dt>Best validation accuracy</dt>
        <dd>{pct(run.bestValAccuracy, 2)}</dd>
        <dt>Test accuracy</dt>
        <dd data-testid="detail-test">{pct(test?.accuracy, 2)}</dd>
        <dt>Test top-5</dt>
        <dd>{pct(test?.top5, 2)}</dd>
        <dt>Params · MACs</dt>
        <dd>
          {si(run.params)} · {si(run.macs)}
        </dd>
        <dt>Backend</dt>
        <dd data-testid="detail-backend" title={run.backendDetail ?? undefined}>
          {run.backend
            ? `${run.backend} ${run.backendVersion ?? ''}` +
              backendSuffix(run.backendNative, run.backendDevice)
            : '—'}
        </dd>
      </dl>
      <ExportPanel
        key={run.id}
        runId={run.id}
        status={run.status}
        hasCheckpoint={run.checkpoint !== null}
      />
      <h3 className="tp-heading">Tags</h3>
      <div className="hv-tags">
        {run.tags.map((t) => (
          <span key={t} className="hv-tag" data-testid="tag">
            {t}
            <button
              onClick={() => void update({ tags: run.tags.filter((x) => x !== t) })}
              aria-label={`Remove tag ${t}`}
            >
              ×
            </button>
          </span>
        ))}
        <input
          className="tp-input hv-tag-input"
          value={tagText}
          placeholder="add a tag ↵"
          onChange={(e) => setTagText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && addTag()}
          data-testid="tag-input"
        />
      </div>
      <h3 className="tp-heading">Notes</h3>
      <textarea
        className="tp-input hv-notes"
        value={notes}
        rows={3}
        placeholder="What was this run for?"
        onChange={(e) => setNotes(e.target.value)}
        onBlur={() => notes !== run.notes && void update({ notes })}
        data-testid="notes"
      />
      <h3 className="tp-heading">Recipe</h3>
      <dl className="hv-kv">
        {hp.map(([k, v]) => (
          <div key={k} className="hv-kv-row">
            <dt>{k}</dt>
            <dd>{formatHyper(v)}</dd>
          </div>
        ))}
      </dl>
    </aside>
  )
}
