import type { StoreContext } from './context'
import { downsample } from './downsample'
import type { MetricPoint, MetricSeries, SeriesPoint } from './types'

export const DEFAULT_SERIES_POINTS = 1000

export type Metrics = ReturnType<typeof createMetrics>

/**
 * The metrics table. NaN is stored as NULL (SQLite's REAL cannot hold NaN) and read back as NaN;
 * ±Infinity are stored natively. A point replayed for the same (run, name, step) replaces the old.
 */
export function createMetrics(ctx: StoreContext) {
  const { db } = ctx
  const upsert =
    db.prepare(`INSERT INTO metrics (run_id, name, step, epoch, value, time) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, name, step) DO UPDATE SET epoch = excluded.epoch, value = excluded.value, time = excluded.time`)
  const seriesRows = db
    .prepare<[number, string], [number, number, number | null, number]>(
      'SELECT step, epoch, value, time FROM metrics WHERE run_id = ? AND name = ? ORDER BY step',
    )
    .raw(true)
  const namesOf = db.prepare<[number], { name: string }>(
    'SELECT DISTINCT name FROM metrics WHERE run_id = ? ORDER BY name',
  )
  const countOf = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM metrics WHERE run_id = ?',
  )
  const lastOf = db.prepare<
    [{ runId: number }],
    { name: string; step: number; epoch: number; value: number | null; time: number }
  >(
    `SELECT m.name, m.step, m.epoch, m.value, m.time FROM metrics m
     JOIN (SELECT name, max(step) AS step FROM metrics WHERE run_id = @runId GROUP BY name) l
       ON l.name = m.name AND l.step = m.step WHERE m.run_id = @runId ORDER BY m.name`,
  )

  return {
    /** Writes a batch of points for one run in one transaction. */
    append(runId: number, points: readonly MetricPoint[]): void {
      if (points.length === 0) return
      for (const p of points) checkPoint(p)
      ctx.write(() => {
        for (const p of points) {
          upsert.run(runId, p.name, p.step, p.epoch, Number.isNaN(p.value) ? null : p.value, p.time)
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
      return lastOf.all({ runId }).map((r) => ({ ...r, value: r.value ?? NaN }))
    },

    /** One series, downsampled in the store to at most `maxPoints` points. */
    series(runId: number, name: string, maxPoints: number = DEFAULT_SERIES_POINTS): MetricSeries {
      const rows = seriesRows.all(runId, name)
      const points: SeriesPoint[] = new Array<SeriesPoint>(rows.length)
      for (let i = 0; i < rows.length; i++) {
        const [step, epoch, value, time] = rows[i]!
        points[i] = { step, epoch, value: value ?? NaN, time }
      }
      return {
        name,
        points: downsample(points, Math.max(1, Math.floor(maxPoints))),
        total: rows.length,
      }
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
