import { useMemo } from 'react'
import { Chart } from '../charts/Chart'
import type { EChartsOption } from '../charts/echarts'
import { si } from '../charts/format'
import { axisStyle, runColour } from '../charts/theme'
import type { RunDetail } from '../../../shared/api'

interface Bubble {
  name: string
  macs: number
  accuracy: number
  params: number
  colour: string
}

/** Accuracy against MACs, bubble area by parameters: the "which net buys what" figure. */
export function bubbleOption(
  bubbles: readonly Bubble[],
  axis: Record<string, unknown>,
): EChartsOption {
  const maxParams = Math.max(1, ...bubbles.map((b) => b.params))
  // Whole decades around the data, so one net or several close ones do not sit in a 1e2…1e9 void.
  const logs = bubbles.map((b) => Math.log10(b.macs))
  const xMin = 10 ** Math.floor(Math.min(...logs) - 0.15)
  const xMax = 10 ** Math.ceil(Math.max(...logs) + 0.15)
  return {
    animation: false,
    grid: { left: 56, right: 32, top: 40, bottom: 40 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data: [number, number, number, string] }).data
        return `${d[3]}<br/>accuracy ${(d[1] * 100).toFixed(2)}%<br/>${si(d[0])} MACs · ${si(d[2])} params`
      },
    },
    xAxis: {
      type: 'log',
      name: 'MACs per image',
      nameLocation: 'middle',
      nameGap: 26,
      min: xMin,
      max: xMax,
      ...axis,
      axisLabel: { ...(axis.axisLabel as object), formatter: (v: number) => si(v) },
    },
    yAxis: {
      type: 'value',
      name: 'accuracy',
      scale: true,
      ...axis,
      axisLabel: {
        ...(axis.axisLabel as object),
        formatter: (v: number) => `${(v * 100).toFixed(1)}%`,
      },
    },
    series: bubbles.map((b) => ({
      type: 'scatter',
      name: b.name,
      data: [[b.macs, b.accuracy, b.params, b.name]],
      // Area, not radius, grows with parameters.
      symbolSize: 8 + 36 * Math.sqrt(b.params / maxParams),
      itemStyle: { color: b.colour, opacity: 0.7, borderColor: b.colour },
      label: {
        show: true,
        position: 'top',
        formatter: b.name,
        fontSize: 11,
        color: (axis.axisLabel as { color: string }).color,
      },
    })),
  }
}

export function BubbleChart({ runs }: { runs: RunDetail[] }): React.JSX.Element {
  const axis = useMemo(() => axisStyle(), [])
  const bubbles = runs.flatMap((run, i) => {
    const accuracy = run.finalMetrics?.test?.accuracy ?? run.bestValAccuracy
    return accuracy == null || !run.macs || !run.params
      ? []
      : [
          {
            name: `#${run.id} ${run.designName}`,
            macs: run.macs,
            accuracy,
            params: run.params,
            colour: runColour(i),
          },
        ]
  })
  // Keyed by content: the runs array is new on every load, the bubbles seldom change.
  const key = JSON.stringify(bubbles)
  const option = useMemo(() => bubbleOption(JSON.parse(key) as Bubble[], axis), [key, axis])
  return (
    <section className="hv-card" data-testid="bubble">
      <h3 className="tp-heading">
        Accuracy vs MACs (bubble size = parameters; test accuracy, else best validation)
      </h3>
      {bubbles.length === 0 ? (
        <p className="tp-hint">No compared run has an accuracy yet.</p>
      ) : (
        <Chart option={option} height={280} testId="bubble-chart" label="Accuracy against MACs" />
      )}
    </section>
  )
}
