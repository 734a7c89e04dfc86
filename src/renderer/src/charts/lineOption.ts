import type { EChartsOption } from './echarts'

export interface LineSeries {
  name: string
  /** `[x, y]` pairs; y null leaves a gap. */
  points: [number, number | null][]
  colour: string
  dashed?: boolean
  /** Faint (the raw series under a smoothed one). */
  faint?: boolean
  width?: number
  /** Show a dot on each point (epoch series with few points). */
  dots?: boolean
}

export interface LineOptionInput {
  series: LineSeries[]
  xName: string
  yName?: string
  yMin?: number
  yMax?: number
  yFormat?: (v: number) => string
  axis: Record<string, unknown>
  legend?: boolean
}

/** A line chart's option: no animation (live data), LTTB sampling for long series, a shared tooltip. */
export function lineOption(input: LineOptionInput): EChartsOption {
  const fmt = input.yFormat
  return {
    animation: false,
    grid: { left: 52, right: 16, top: input.legend === false ? 12 : 32, bottom: 36 },
    legend:
      input.legend === false
        ? { show: false }
        : {
            top: 0,
            type: 'scroll',
            textStyle: { fontSize: 11, color: (input.axis.axisLabel as { color: string }).color },
          },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) =>
        typeof v === 'number' ? (fmt ? fmt(v) : String(Number(v.toPrecision(4)))) : '—',
    },
    xAxis: {
      type: 'value',
      name: input.xName,
      nameLocation: 'middle',
      nameGap: 24,
      min: 'dataMin',
      max: 'dataMax',
      ...input.axis,
      axisLabel: {
        ...(input.axis.axisLabel as object),
        formatter: (v: number) => String(Number(v.toPrecision(3))),
      },
    },
    yAxis: {
      type: 'value',
      name: input.yName,
      scale: true,
      ...(input.yMin === undefined ? {} : { min: input.yMin }),
      ...(input.yMax === undefined ? {} : { max: input.yMax }),
      ...input.axis,
      axisLabel: { ...(input.axis.axisLabel as object), ...(fmt ? { formatter: fmt } : {}) },
    },
    series: input.series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.points,
      showSymbol: s.dots === true,
      symbolSize: 5,
      sampling: 'lttb',
      connectNulls: false,
      color: s.colour,
      lineStyle: {
        width: s.width ?? 1.6,
        type: s.dashed ? 'dashed' : 'solid',
        opacity: s.faint ? 0.25 : 1,
      },
      emphasis: { disabled: true },
      z: s.faint ? 1 : 2,
      ...(s.faint ? { silent: true, legendHoverLink: false, tooltip: { show: false } } : {}),
    })),
  }
}
