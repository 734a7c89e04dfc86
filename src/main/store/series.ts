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
  const span = db.prepare<[number], { n: number; lo: number | null; hi: number | null }>(
    'SELECT count(*) AS n, min(step) AS lo, max(step) AS hi FROM metrics WHERE series_id = ?',
  )
  const all = db.prepare<[number], Row>(
    'SELECT step, epoch, value, time FROM metrics WHERE series_id = ? ORDER BY step',
  )
  const at = db.prepare<[number, number], Row>(
    'SELECT step, epoch, value, time FROM metrics WHERE series_id = ? AND step = ?',
  )
  type B = [number, number, number]
  // Fast path: min/max over everything; count(value) < count(*) reveals NaN (stored as NULL).
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

  function bucket(sid: number, from: number, to: number): Row[] {
    const l = low.get(sid, from, to)!
    if (l.n === 0) return []
    const h = high.get(sid, from, to)!
    const clean = l.finite === l.n && Number.isFinite(l.value) && Number.isFinite(h.value)
    if (clean) return h.step === l.step ? [l] : [l, h].sort((a, b) => a.step - b.step)
    const m = marker.get(sid, from, to)!
    const fl = finiteLow.get(sid, from, to)!
    if (fl.value === null) return [m]
    const fh = finiteHigh.get(sid, from, to)!
    const mean = fl.mean!
    const far = Math.abs(fl.value - mean) >= Math.abs(fh.value! - mean) ? fl : fh
    return [m, far].sort((a, b) => a.step - b.step)
  }

  return function read(
    seriesId: number,
    maxPoints: number,
  ): { points: SeriesPoint[]; total: number } {
    const { n, lo, hi } = span.get(seriesId)!
    if (n === 0 || lo === null || hi === null) return { points: [], total: 0 }
    if (n <= maxPoints) return { points: all.all(seriesId).map(toPoint), total: n }
    const first = toPoint(at.get(seriesId, lo)!)
    const last = toPoint(at.get(seriesId, hi)!)
    if (maxPoints < 4) return { points: maxPoints === 1 ? [first] : [first, last], total: n }
    const buckets = Math.floor((maxPoints - 2) / 2)
    const inner = hi - lo - 1
    const points: SeriesPoint[] = [first]
    for (let b = 0; b < buckets; b++) {
      const from = lo + 1 + Math.floor((b * inner) / buckets)
      const to = lo + 1 + Math.floor(((b + 1) * inner) / buckets)
      if (to > from) for (const r of bucket(seriesId, from, to)) points.push(toPoint(r))
    }
    points.push(last)
    return { points, total: n }
  }
}
