import { batchesPerEpoch, METRIC_NAMES as M, onEpochAxis, smooth } from '../../../shared/runs'
import { lineOption, type LineSeries } from '../charts/lineOption'
import { runColour } from '../charts/theme'
import type { CompareRun } from './useCompareData'

const RAW_UNDER_MAX = 3

/**
 * Points per series asked of the store: the overlay is about 1,200 px wide and echarts thins
 * further (LTTB), so 600 buckets keep every visible wiggle at a fraction of the cost.
 */
export const MAX_POINTS = 600

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
export function overlayOption(
  runs: readonly CompareRun[],
  metric: (typeof METRICS)[number],
  weight: number,
  axis: Record<string, unknown>,
) {
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
    if (weight > 0 && runs.length <= RAW_UNDER_MAX)
      series.push({ name: `${run.id}·raw`, points: xy, colour: runColour(i), faint: true })
    series.push({
      name: `#${run.id} ${run.name}`,
      points: xy.map((p, k) => [p[0], ys[k] ?? null]),
      colour: runColour(i),
      dots: metric.epoch && pts.length < 60,
    })
  })
  const option = lineOption({
    series,
    xName: 'epoch',
    axis,
    ...(metric.percent ? { yFormat: (v: number) => `${(v * 100).toFixed(0)}%` } : {}),
  })
  // The faint raw lines stay out of the legend.
  return {
    ...option,
    legend: {
      ...(option.legend as object),
      data: series.filter((x) => !x.faint).map((x) => x.name),
    },
  }
}
