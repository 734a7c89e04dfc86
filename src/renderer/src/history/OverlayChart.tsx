import { useMemo, useState } from 'react'
import { METRIC_NAMES as M } from '../../../shared/runs'
import { Chart } from '../charts/Chart'
import { axisStyle } from '../charts/theme'
import { METRICS, overlayOption } from './overlay'
import type { RunDetail } from '../../../shared/api'
import { useSeries, type CompareRun } from './useCompareData'

const NO_RUNS: CompareRun[] = []

/** Curves of the compared runs over each other, with a metric picker and smoothing. */
export function OverlayChart({ details }: { details: RunDetail[] }): React.JSX.Element {
  const [metricId, setMetricId] = useState<string>(M.valAccuracy)
  const loaded = useSeries(details, metricId)
  // useAsync keeps the last answer while the next loads, so the curves do not blink.
  const runs = loaded.state === 'ready' ? loaded.data : NO_RUNS
  const [weight, setWeight] = useState(0)
  const axis = useMemo(() => axisStyle(), [])
  const metric = METRICS.find((m) => m.id === metricId) ?? METRICS[0]
  const option = useMemo(
    () => overlayOption(runs, metric, weight, axis),
    [runs, metric, weight, axis],
  )
  const count = runs.reduce((n, r) => n + (r.series[metric.id]?.points.length ?? 0), 0)
  return (
    <section className="hv-card" data-testid="overlay">
      <div className="hv-card-head">
        <h3 className="tp-heading">Curves</h3>
        <select
          className="tp-input hv-inline"
          value={metricId}
          onChange={(e) => setMetricId(e.target.value)}
          data-testid="metric-picker"
        >
          {METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
        <label className="hv-smooth">
          Smoothing
          <input
            type="range"
            min={0}
            max={0.95}
            step={0.05}
            value={weight}
            onChange={(e) => setWeight(Number(e.target.value))}
            data-testid="smoothing"
          />
          <span>{weight.toFixed(2)}</span>
        </label>
      </div>
      <Chart
        option={option}
        height={300}
        testId="overlay-chart"
        label={`${metric.label} of the compared runs`}
      />
      {loaded.state === 'error' && (
        <p className="tp-error">Could not load the curves: {loaded.message}</p>
      )}
      {count === 0 && loaded.state === 'ready' && (
        <p className="tp-hint">No run has recorded {metric.label.toLowerCase()} yet.</p>
      )}
    </section>
  )
}
