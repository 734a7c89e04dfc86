import type { Db } from './connection'
import type { SeriesPoint } from './types'

type Row = { step: number; epoch: number; value: number | null; time: number }
type Extreme = Row & { n: number; finite: number }

const MAX = '1.7976931348623157e308'
const FINITE = `value BETWEEN -${MAX} AND ${MAX}`
const NON_FINITE = `(value IS NULL OR value > ${MAX} OR value < -${MAX})`
const BUCKET = 'series_id = ? AND step >= ? AND step < ?'

const toPoint = (r: Row): SeriesPoint => ({
  step: r.step,
  epoch: r.epoch,
  value: r.value ?? NaN,
  time: r.time,
})

/**
 * Reads one series downsampled inside SQLite, so a long series never crosses into JavaScript
 * whole. Buckets are equal ranges of steps between the first and last point (both kept); each
 * is read through the primary key with a lone min()/max() aggregate, whose bare columns SQLite
 * takes from the row holding the extreme. A bucket keeps its lowest and highest finite values;
 * one holding NaN or ±Inf keeps its first such point as a marker in place of the extreme nearer
 * the bucket's mean, so a divergence never disappears from a chart.
 */
export function createSeriesReader(db: Db) {
  // min(step) and max(step) alone each resolve through the primary key without a scan.
  const firstStep = db.prepare<[number], { s: number | null }>(
    'SELECT min(step) AS s FROM metrics WHERE series_id = ?',
  )
  const lastStep = db.prepare<[number], { s: number | null }>(
    'SELECT max(step) AS s FROM metrics WHERE series_id = ?',
  )
  const countUpTo = db.prepare<[number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM metrics WHERE series_id = ? LIMIT ?)',
  )
  const all = db.prepare<[number], Row>(
    'SELECT step, epoch, value, time FROM metrics WHERE series_id = ? ORDER BY step',
  )
  const at = db.prepare<[number, number], Row>(
    'SELECT step, epoch, value, time FROM metrics WHERE series_id = ? AND step = ?',
  )
  type B = [number, number, number]
  // Fast path: the lowest and the highest point of the bucket, one lone min()/max() each (a
  // second min/max in the same query would make SQLite's bare columns ambiguous);
  // count(value) < count(*) reveals NaN (stored as NULL).
  const low = db.prepare<B, Extreme>(
    `SELECT min(value) AS value, step, epoch, time, count(*) AS n, count(value) AS finite FROM metrics WHERE ${BUCKET}`,
  )
  const high = db.prepare<B, Row>(
    `SELECT max(value) AS value, step, epoch, time FROM metrics WHERE ${BUCKET}`,
  )
  // Slow path, only for buckets holding NaN or ±Inf.
  const finiteLow = db.prepare<B, Row & { mean: number | null }>(
    `SELECT min(value) AS value, step, epoch, time, avg(value) AS mean FROM metrics WHERE ${BUCKET} AND ${FINITE}`,
  )
  const finiteHigh = db.prepare<B, Row>(
    `SELECT max(value) AS value, step, epoch, time FROM metrics WHERE ${BUCKET} AND ${FINITE}`,
  )
  const marker = db.prepare<B, Row>(
    `SELECT step, epoch, value, time FROM metrics WHERE ${BUCKET} AND ${NON_FINITE} ORDER BY step LIMIT 1`,
  )

  /** The bucket's points in step order, and how many points it holds. */
  function bucket(sid: number, from: number, to: number): { rows: Row[]; n: number } {
    const l = low.get(sid, from, to)!
    if (l.n === 0) return { rows: [], n: 0 }
    const h = high.get(sid, from, to)!
    const clean = l.finite === l.n && Number.isFinite(l.value) && Number.isFinite(h.value)
    if (clean)
      return { rows: h.step === l.step ? [l] : [l, h].sort((x, y) => x.step - y.step), n: l.n }
    const m = marker.get(sid, from, to)!
    const fl = finiteLow.get(sid, from, to)!
    if (fl.value === null) return { rows: [m], n: l.n }
    const fh = finiteHigh.get(sid, from, to)!
    const mean = fl.mean!
    const far = Math.abs(fl.value - mean) >= Math.abs(fh.value! - mean) ? fl : fh
    return { rows: [m, far].sort((a, b) => a.step - b.step), n: l.n }
  }

  return function read(
    seriesId: number,
    maxPoints: number,
  ): { points: SeriesPoint[]; total: number } {
    const lo = firstStep.get(seriesId)!.s
    const hi = lastStep.get(seriesId)!.s
    if (lo === null || hi === null) return { points: [], total: 0 }
    const few = countUpTo.get(seriesId, maxPoints + 1)!.n
    if (few <= maxPoints) return { points: all.all(seriesId).map(toPoint), total: few }
    const first = toPoint(at.get(seriesId, lo)!)
    const last = toPoint(at.get(seriesId, hi)!)
    const inner = hi - lo - 1
    const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2))
    const points: SeriesPoint[] = [first]
    let total = 2
    for (let b = 0; b < buckets; b++) {
      const from = lo + 1 + Math.floor((b * inner) / buckets)
      const to = lo + 1 + Math.floor(((b + 1) * inner) / buckets)
      if (to <= from) continue
      const { rows, n } = bucket(seriesId, from, to)
      total += n
      if (maxPoints >= 4) for (const r of rows) points.push(toPoint(r))
    }
    points.push(last)
    // Fewer than four points leave no room for buckets: just the ends.
    if (maxPoints < 4) return { points: maxPoints === 1 ? [first] : [first, last], total }
    return { points, total }
  }
}
