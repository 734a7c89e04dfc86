import { useEffect } from 'react'
import type { ResponseOf } from '../../../shared/api'
import { api } from '../api'
import { useAsync } from '../train/useAsync'
import { EvaluationTab } from './EvaluationTab'
import { FeatureMapsTab } from './FeatureMapsTab'
import { FiltersTab } from './FiltersTab'
import { useInspect, type InspectTab } from './inspectStore'
import { PatchesTab } from './PatchesTab'
import { PredictTab } from './PredictTab'
import './inspect.css'

export type Summary = ResponseOf<'inspect:summary'>

const TABS: { id: InspectTab; label: string }[] = [
  { id: 'evaluation', label: 'Evaluation' },
  { id: 'predict', label: 'Predict' },
  { id: 'filters', label: 'Filters' },
  { id: 'patches', label: 'Top patches' },
  { id: 'maps', label: 'Feature maps' },
]

/** The run inspector over the current view, when a run is opened in it. */
export function InspectOverlay(): React.JSX.Element | null {
  const runId = useInspect((s) => s.runId)
  const close = useInspect((s) => s.close)
  useEffect(() => {
    if (runId === null) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [runId, close])
  if (runId === null) return null
  return <InspectView key={runId} runId={runId} onClose={close} />
}

/** One run's insides: evaluation, predictions, filters, top-9 patches and feature maps. */
export function InspectView({
  runId,
  onClose,
}: {
  runId: number
  onClose(): void
}): React.JSX.Element {
  const tab = useInspect((s) => s.tab)
  const setTab = useInspect((s) => s.setTab)
  const run = useAsync(() => api.runs.get({ runId }), [runId])
  const summary = useAsync(() => api.inspect.summary({ runId }), [runId])
  return (
    <section
      className="iv"
      data-testid="inspect-view"
      data-run-id={runId}
      role="dialog"
      aria-label="Run inspector"
    >
      <header className="iv-head">
        <div>
          <h2>{run.state === 'ready' ? run.data.name : `Run ${runId}`}</h2>
          <p className="iv-sub">
            {[
              run.state === 'ready'
                ? `${run.data.designName} · ${run.data.datasetName ?? 'dataset deleted'}`
                : null,
              summary.state === 'ready'
                ? `best checkpoint: epoch ${summary.data.checkpoint.epoch}${summary.data.checkpoint.valAccuracy === null ? '' : `, validation ${(summary.data.checkpoint.valAccuracy * 100).toFixed(1)}%`}`
                : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <nav className="iv-tabs" role="tablist">
          {TABS.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={tab === t.id}
              className={`iv-tab${tab === t.id ? ' active' : ''}`}
              onClick={() => setTab(t.id)}
              data-testid={`inspect-tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <button
          className="icon-btn"
          onClick={onClose}
          aria-label="Close the inspector"
          data-testid="inspect-close"
        >
          ✕
        </button>
      </header>
      <div className="iv-body">
        {summary.state === 'loading' && <p className="iv-muted">Loading the run…</p>}
        {summary.state === 'error' && (
          <div className="iv-empty" data-testid="inspect-error">
            <h3>Nothing to inspect yet</h3>
            <p>{summary.message}</p>
          </div>
        )}
        {summary.state === 'ready' && <TabBody tab={tab} summary={summary.data} />}
      </div>
    </section>
  )
}

function TabBody({ tab, summary }: { tab: InspectTab; summary: Summary }): React.JSX.Element {
  switch (tab) {
    case 'evaluation':
      return <EvaluationTab summary={summary} />
    case 'predict':
      return <PredictTab summary={summary} />
    case 'filters':
      return <FiltersTab summary={summary} />
    case 'patches':
      return <PatchesTab summary={summary} />
    case 'maps':
      return <FeatureMapsTab summary={summary} />
    default:
      return tab satisfies never
  }
}
