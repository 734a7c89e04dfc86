import { useEffect, useRef } from 'react'
import { echarts, type EChartsOption } from './echarts'

/**
 * One echarts instance in a div that follows its size. The option is applied whole on every
 * change (`notMerge`): callers build it from data with `useMemo`, so a live curve re-renders
 * only when its points change.
 */
export function Chart({
  option,
  height = 220,
  testId,
  label,
}: {
  option: EChartsOption
  height?: number
  testId?: string
  label?: string
}): React.JSX.Element {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    if (!el.current) return
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' })
    chart.current = c
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(el.current)
    return () => {
      observer.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true })
  }, [option])

  return (
    <div
      ref={el}
      className="chart"
      style={{ height }}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  )
}
