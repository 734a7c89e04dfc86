import type { ResponseOf, RunDetail } from '../../../shared/api'
import { METRIC_NAMES } from '../../../shared/runs'
import { api } from '../api'
import { useAsync, type Loadable } from '../train/useAsync'
import { MAX_POINTS } from './overlay'

export type Series = ResponseOf<'runs:metrics'>['series'][number]

export interface CompareRun {
  run: RunDetail
  /** The series loaded for the chart, by metric name. */
  series: Record<string, Series>
}

/** The compared runs' details (recipe, graph, results), without series. */
export function useCompareRuns(runIds: readonly number[]): Loadable<RunDetail[]> {
  return useAsync(
    () => Promise.all(runIds.map((runId) => api.runs.get({ runId }))),
    [runIds.join(',')],
  )
}

/**
 * One metric of each run, plus its epoch-end train loss (which says how many batches an epoch
 * had, to put batch series on an epoch axis). Only what the chart shows crosses the wire.
 */
export async function loadSeries(
  runs: readonly RunDetail[],
  metric: string,
): Promise<CompareRun[]> {
  const names = [...new Set([metric, METRIC_NAMES.trainLoss])]
  return Promise.all(
    runs.map(async (run) => {
      const { series } = await api.runs.metrics({ runId: run.id, names, maxPoints: MAX_POINTS })
      return { run, series: Object.fromEntries(series.map((s) => [s.name, s])) }
    }),
  )
}

export function useSeries(runs: readonly RunDetail[], metric: string): Loadable<CompareRun[]> {
  return useAsync(() => loadSeries(runs, metric), [runs, metric])
}
