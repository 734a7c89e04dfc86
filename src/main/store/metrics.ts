import type { StoreContext } from './context'
import { createSeriesReader } from './series'
import type { MetricPoint, MetricSeries } from './types'

export const DEFAULT_SERIES_POINTS = 1000

export type Metrics = ReturnType<typeof createMetrics>

/**
 * Metric points, one series per (run, name). NaN is stored as NULL (SQLite's REAL cannot hold
 * NaN) and read back as NaN; ±Infinity are stored natively. A point replayed for the same
 * (run, name, step) replaces the old one.
 */
export function createMetrics(ctx: StoreContext) {
  const { db } = ctx
  const findSeries = db.prepare<[number, string], { id: number }>(
    'SELECT id FROM metric_series WHERE run_id = ? AND name = ?',
  )
  const addSeries = db.prepare<[number, string], { id: number }>(
    'INSERT INTO metric_series (run_id, name) VALUES (?, ?) RETURNING id',
  )
  const upsert =
    db.prepare(`INSERT INTO metrics (series_id, step, epoch, value, time) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (series_id, step) DO UPDATE SET epoch = excluded.epoch, value = excluded.value, time = excluded.time`)
  const namesOf = db.prepare<[number], { name: string }>(
    'SELECT name FROM metric_series WHERE run_id = ? ORDER BY name',
  )
  const countOf = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM metrics m JOIN metric_series s ON s.id = m.series_id WHERE s.run_id = ?',
  )
  const lastOf = db.prepare<
    [number],
    { name: string; step: number; epoch: number; value: number | null; time: number }
  >(
    `SELECT s.name, m.step, m.epoch, m.value, m.time FROM metric_series s
     JOIN metrics m ON m.series_id = s.id AND m.step = (SELECT max(step) FROM metrics WHERE series_id = s.id)
     WHERE s.run_id = ? ORDER BY s.name`,
  )
  const readSeries = createSeriesReader(db)

  return {
    /** Writes a batch of points for one run in one transaction: all of it or none. */
    append(runId: number, points: readonly MetricPoint[]): void {
      if (points.length === 0) return
      for (const p of points) checkPoint(p)
      ctx.write(() => {
        // Ids are looked up per batch, never cached: a deleted run's series must not be reused.
        const ids = new Map<string, number>()
        for (const p of points) {
          let sid = ids.get(p.name)
          if (sid === undefined) {
            sid = (findSeries.get(runId, p.name) ?? addSeries.get(runId, p.name)!).id
            ids.set(p.name, sid)
          }
          upsert.run(sid, p.step, p.epoch, Number.isNaN(p.value) ? null : p.value, p.time)
        }
      })
    },

    /** Metric names recorded for a run, sorted. */
    names(runId: number): string[] {
      return namesOf.all(runId).map((r) => r.name)
    },

    /** Number of points stored for a run, over all series. */
    count(runId: number): number {
      return countOf.get(runId)?.n ?? 0
    },

    /** The latest point of each series of a run (live dashboards). */
    latest(runId: number): MetricPoint[] {
      return lastOf.all(runId).map((r) => ({ ...r, value: r.value ?? NaN }))
    },

    /** One series, downsampled in the store to at most `maxPoints` points (see series.ts). */
    series(runId: number, name: string, maxPoints: number = DEFAULT_SERIES_POINTS): MetricSeries {
      const sid = findSeries.get(runId, name)?.id
      if (sid === undefined) return { name, points: [], total: 0 }
      return { name, ...readSeries(sid, Math.max(1, Math.floor(maxPoints))) }
    },
  }
}

function checkPoint(p: MetricPoint): void {
  if (typeof p.name !== 'string' || p.name === '')
    throw new TypeError(`metric point without a name: ${JSON.stringify(p)}`)
  if (!Number.isInteger(p.step) || !Number.isInteger(p.epoch)) {
    throw new TypeError(
      `metric ${p.name}: step and epoch must be integers (got ${String(p.step)}, ${String(p.epoch)})`,
    )
  }
  if (typeof p.value !== 'number' || !Number.isFinite(p.time)) {
    throw new TypeError(`metric ${p.name} at step ${p.step}: value and time must be numbers`)
  }
}
