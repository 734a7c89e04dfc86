import { useMemo } from 'react'
import { METRIC_NAMES as M, smooth } from '../../../shared/runs'
import { Chart } from '../charts/Chart'
import { lineOption, type LineSeries } from '../charts/lineOption'
import { axisStyle } from '../charts/theme'
import type { Point } from './liveStore'

const TRAIN = '#3b6cf6'
const VAL = '#e0851b'

function smoothed(points: Point[] | undefined, weight: number): Point[] {
  if (!points) return []
  const ys = smooth(
    points.map((p) => p[1]),
    weight,
  )
  return points.map((p, i) => [p[0], ys[i] ?? null])
}

/** Loss, accuracy and learning-rate curves of one run, x = step; batch curves raw (faint) and smoothed. */
export function LiveCharts({ curves }: { curves: Record<string, Point[]> }): React.JSX.Element {
  const axis = useMemo(() => axisStyle(), [])
  const batchLoss = curves[M.batchLoss]
  const batchAcc = curves[M.batchAccuracy]
  const lossOption = useMemo(() => {
    const series: LineSeries[] = [
      { name: 'batch', points: batchLoss ?? [], colour: TRAIN, faint: true },
      { name: 'smoothed', points: smoothed(batchLoss, 0.6), colour: TRAIN },
      { name: 'epoch', points: curves[M.trainLoss] ?? [], colour: TRAIN, dashed: true, dots: true },
      { name: 'validation', points: curves[M.valLoss] ?? [], colour: VAL, dots: true, width: 2 },
    ]
    return lineOption({ series, xName: 'step', axis })
  }, [batchLoss, curves, axis])
  const accOption = useMemo(() => {
    const series: LineSeries[] = [
      { name: 'batch', points: batchAcc ?? [], colour: TRAIN, faint: true },
      { name: 'smoothed', points: smoothed(batchAcc, 0.6), colour: TRAIN },
      {
        name: 'epoch',
        points: curves[M.trainAccuracy] ?? [],
        colour: TRAIN,
        dashed: true,
        dots: true,
      },
      {
        name: 'validation',
        points: curves[M.valAccuracy] ?? [],
        colour: VAL,
        dots: true,
        width: 2,
      },
    ]
    return lineOption({
      series,
      xName: 'step',
      axis,
      yMin: 0,
      yMax: 1,
      yFormat: (v) => `${Math.round(v * 100)}%`,
    })
  }, [batchAcc, curves, axis])
  const lrPoints = curves[M.batchLr]
  const lrOption = useMemo(
    () =>
      lineOption({
        series: [{ name: 'learning rate', points: lrPoints ?? [], colour: '#8b5cf6' }],
        xName: 'step',
        axis,
        legend: false,
      }),
    [lrPoints, axis],
  )
  const count = batchLoss?.length ?? 0
  return (
    <div className="tp-charts" data-testid="live-charts" data-points={count}>
      <figure className="tp-chart">
        <figcaption>Loss</figcaption>
        <Chart option={lossOption} testId="chart-loss" label="Loss curves" />
      </figure>
      <figure className="tp-chart">
        <figcaption>Accuracy</figcaption>
        <Chart option={accOption} testId="chart-accuracy" label="Accuracy curves" />
      </figure>
      <figure className="tp-chart tp-chart-small">
        <figcaption>Learning rate</figcaption>
        <Chart option={lrOption} height={110} testId="chart-lr" label="Learning rate" />
      </figure>
    </div>
  )
}
