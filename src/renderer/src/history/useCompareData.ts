import type { ResponseOf, RunDetail } from '../../../shared/api'
import { api } from '../api'
import { useAsync, type Loadable } from '../train/useAsync'

export type Series = ResponseOf<'runs:metrics'>['series'][number]

export interface CompareRun {
  run: RunDetail
  series: Record<string, Series>
}

/** Points per series asked of the store: enough for a smooth curve on a wide screen. */
export const MAX_POINTS = 1000

/** Loads each compared run with its metric series (downsampled by the store). */
export async function loadCompare(runIds: readonly number[]): Promise<CompareRun[]> {
  return Promise.all(
    runIds.map(async (runId) => {
      const [run, metrics] = await Promise.all([api.runs.get({ runId }), api.runs.metrics({ runId, maxPoints: MAX_POINTS })])
      return { run, series: Object.fromEntries(metrics.series.map((s) => [s.name, s])) }
    }),
  )
}

export function useCompareData(runIds: readonly number[]): Loadable<CompareRun[]> {
  return useAsync(() => loadCompare(runIds), [runIds.join(',')])
}
