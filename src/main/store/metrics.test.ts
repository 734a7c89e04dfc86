import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MetricPoint, Store } from '.'
import { newRun, tempStore } from './testing/tempStore'

let store: Store
let cleanup: () => void
beforeEach(() => ({ store, cleanup } = tempStore()))
afterEach(() => cleanup())

const point = (name: string, step: number, value: number): MetricPoint => ({
  name,
  step,
  epoch: Math.floor(step / 10),
  value,
  time: 1000 + step,
})

describe('metrics', () => {
  it('stores NaN and ±Infinity and reads them back as such', () => {
    const run = store.runs.create(newRun())
    store.metrics.append(run.id, [
      point('loss', 0, 2.3),
      point('loss', 1, NaN),
      point('loss', 2, Infinity),
      point('loss', 3, -Infinity),
    ])
    const values = store.metrics.series(run.id, 'loss').points.map((p) => p.value)
    expect(values[0]).toBe(2.3)
    expect(values[1]).toBeNaN()
    expect(values.slice(2)).toEqual([Infinity, -Infinity])
    expect(store.metrics.latest(run.id)).toEqual([
      { name: 'loss', step: 3, epoch: 0, value: -Infinity, time: 1003 },
    ])
  })

  it('a replayed step replaces the point instead of duplicating it', () => {
    const run = store.runs.create(newRun())
    store.metrics.append(run.id, [point('loss', 5, 1), point('accuracy', 5, 0.1)])
    store.metrics.append(run.id, [point('loss', 5, 0.5)])
    expect(store.metrics.count(run.id)).toBe(2)
    expect(store.metrics.series(run.id, 'loss').points).toEqual([
      { step: 5, epoch: 0, value: 0.5, time: 1005 },
    ])
    expect(store.metrics.names(run.id)).toEqual(['accuracy', 'loss'])
  })

  it('a batch that fails writes nothing', () => {
    const run = store.runs.create(newRun())
    expect(() =>
      store.metrics.append(run.id, [
        point('loss', 0, 1),
        { ...point('loss', 1, 1), step: 'x' as unknown as number },
      ]),
    ).toThrow()
    // Only a foreign key stops a point in SQLite; a missing run fails the whole batch.
    expect(() => store.metrics.append(run.id + 100, [point('loss', 0, 1)])).toThrow(/FOREIGN KEY/)
    expect(store.metrics.count(run.id + 100)).toBe(0)
  })

  it('downsamples a 100k-point series in the store, keeping ends and NaN markers', () => {
    const run = store.runs.create(newRun())
    const points: MetricPoint[] = []
    for (let s = 0; s < 100_000; s++)
      points.push(point('loss', s, s === 54_321 ? NaN : s === 77_777 ? 50 : Math.exp(-s / 20_000)))
    store.metrics.append(run.id, points)
    const series = store.metrics.series(run.id, 'loss', 500)
    expect(series.total).toBe(100_000)
    expect(series.points.length).toBeLessThanOrEqual(500)
    expect(series.points.length).toBeGreaterThan(400)
    expect(series.points[0]!.step).toBe(0)
    expect(series.points.at(-1)!.step).toBe(99_999)
    expect(series.points.some((p) => p.step === 54_321 && Number.isNaN(p.value))).toBe(true)
    expect(series.points.some((p) => p.step === 77_777 && p.value === 50)).toBe(true)
    const steps = series.points.map((p) => p.step)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
  })
})

describe('series downsampling', () => {
  const write = (runId: number, values: number[]): void =>
    store.metrics.append(
      runId,
      values.map((v, step) => point('s', step, v)),
    )

  it('returns short series whole', () => {
    const run = store.runs.create(newRun())
    write(run.id, [3, 1, 2])
    expect(store.metrics.series(run.id, 's', 10).points.map((p) => p.value)).toEqual([3, 1, 2])
    expect(store.metrics.series(run.id, 'missing', 10)).toEqual({
      name: 'missing',
      points: [],
      total: 0,
    })
  })

  it('never returns more than maxPoints, for any size', () => {
    for (const n of [5, 11, 101, 1001]) {
      const run = store.runs.create(newRun())
      write(
        run.id,
        Array.from({ length: n }, (_, i) => Math.sin(i)),
      )
      for (const max of [1, 2, 3, 4, 5, 10, 99, 100]) {
        const { points, total } = store.metrics.series(run.id, 's', max)
        expect(total).toBe(n)
        expect(points.length).toBeLessThanOrEqual(Math.min(n, max))
        if (max >= 2) expect([points[0]!.step, points.at(-1)!.step]).toEqual([0, n - 1])
      }
    }
  })

  it('keeps each bucket’s minimum and maximum, and NaN/Inf markers', () => {
    const run = store.runs.create(newRun())
    const values: number[] = Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1 : 2))
    values[500] = 9
    values[501] = -9
    values[333] = NaN
    values[666] = -Infinity
    write(run.id, values)
    const { points } = store.metrics.series(run.id, 's', 20)
    expect(points.map((p) => p.value)).toEqual(expect.arrayContaining([9, -9, -Infinity]))
    expect(points.find((p) => p.value === 9)?.step).toBe(500)
    expect(points.find((p) => p.value === -9)?.step).toBe(501)
    // Every point returned is a stored point, with its own step.
    for (const p of points) if (Number.isFinite(p.value)) expect(p.value).toBe(values[p.step])
    expect(points.find((p) => p.step === 333)?.value).toBeNaN()
    expect(points.find((p) => p.step === 666)?.value).toBe(-Infinity)
  })
})
