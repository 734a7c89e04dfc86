import { useMemo, useState } from 'react'
import { batchesPerEpoch, METRIC_NAMES as M, onEpochAxis, smooth } from '../../../shared/runs'
import { Chart } from '../charts/Chart'
import { lineOption, type LineSeries } from '../charts/lineOption'
import { axisStyle, runColour } from '../charts/theme'
import type { RunDetail } from '../../../shared/api'
import { useSeries, type CompareRun } from './useCompareData'

const NO_RUNS: CompareRun[] = []
const RAW_UNDER_MAX = 3

export const METRICS = [
  { id: M.valAccuracy, label: 'Validation accuracy', percent: true, epoch: true },
  { id: M.valLoss, label: 'Validation loss', percent: false, epoch: true },
  { id: M.trainAccuracy, label: 'Train accuracy (epoch)', percent: true, epoch: true },
  { id: M.trainLoss, label: 'Train loss (epoch)', percent: false, epoch: true },
  { id: M.batchLoss, label: 'Train loss (batch)', percent: false, epoch: false },
  { id: M.batchAccuracy, label: 'Train accuracy (batch)', percent: true, epoch: false },
  { id: M.batchLr, label: 'Learning rate', percent: false, epoch: false },
] as const

/** Build the overlay's option: one line per run, smoothed, on an epoch axis (or steps). */
export function overlayOption(runs: readonly CompareRun[], metric: (typeof METRICS)[number], weight: number, axis: Record<string, unknown>) {
  const series: LineSeries[] = []
  runs.forEach(({ run, series: s }, i) => {
    const pts = s[metric.id]?.points ?? []
    const perEpoch = batchesPerEpoch(s[M.trainLoss]?.points ?? [], pts)
    const xy = onEpochAxis(pts, perEpoch, metric.epoch)
    const ys = smooth(
      xy.map((p) => p[1]),
      weight,
    )
    // Raw lines under the smoothed ones help with a few runs; with more they are only clutter.
    if (weight > 0 && runs.length <= RAW_UNDER_MAX) series.push({ name: `${run.id}·raw`, points: xy, colour: runColour(i), faint: true })
    series.push({ name: `#${run.id} ${run.name}`, points: xy.map((p, k) => [p[0], ys[k] ?? null]), colour: runColour(i), dots: metric.epoch && pts.length < 60 })
  })
  const option = lineOption({ series, xName: 'epoch', axis, ...(metric.percent ? { yFormat: (v: number) => `${(v * 100).toFixed(0)}%` } : {}) })
  // The faint raw lines stay out of the legend.
  return { ...option, legend: { ...(option.legend as object), data: series.filter((x) => !x.faint).map((x) => x.name) } }
}

/** Curves of the compared runs over each other, with a metric picker and smoothing. */
export function OverlayChart({ details }: { details: RunDetail[] }): React.JSX.Element {
  const [metricId, setMetricId] = useState<string>(M.valAccuracy)
  const loaded = useSeries(details, metricId)
  // useAsync keeps the last answer while the next loads, so the curves do not blink.
  const runs = loaded.state === 'ready' ? loaded.data : NO_RUNS
  const [weight, setWeight] = useState(0)
  const axis = useMemo(() => axisStyle(), [])
  const metric = METRICS.find((m) => m.id === metricId) ?? METRICS[0]
  const option = useMemo(() => overlayOption(runs, metric, weight, axis), [runs, metric, weight, axis])
  const count = runs.reduce((n, r) => n + (r.series[metric.id]?.points.length ?? 0), 0)
  return (
    <section className="hv-card" data-testid="overlay">
      <div className="hv-card-head">
        <h3 className="tp-heading">Curves</h3>
        <select className="tp-input hv-inline" value={metricId} onChange={(e) => setMetricId(e.target.value)} data-testid="metric-picker">
          {METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
        <label className="hv-smooth">
          Smoothing
          <input type="range" min={0} max={0.95} step={0.05} value={weight} onChange={(e) => setWeight(Number(e.target.value))} data-testid="smoothing" />
          <span>{weight.toFixed(2)}</span>
        </label>
      </div>
      <Chart option={option} height={300} testId="overlay-chart" label={`${metric.label} of the compared runs`} />
      {loaded.state === 'error' && <p className="tp-error">Could not load the curves: {loaded.message}</p>}
      {count === 0 && loaded.state === 'ready' && <p className="tp-hint">No run has recorded {metric.label.toLowerCase()} yet.</p>}
    </section>
  )
}
