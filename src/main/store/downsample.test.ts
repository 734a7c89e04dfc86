import { describe, expect, it } from 'vitest'
import { downsample } from './downsample'
import type { SeriesPoint } from './types'

const series = (values: number[]): SeriesPoint[] =>
  values.map((value, step) => ({ step, epoch: 0, value, time: step }))

describe('downsample', () => {
  it('returns short series unchanged', () => {
    const s = series([1, 2, 3])
    expect(downsample(s, 10)).toBe(s)
  })

  it('never returns more than maxPoints, for any size', () => {
    for (const n of [5, 11, 100, 1001, 4099]) {
      for (const max of [1, 2, 3, 4, 5, 10, 99, 100]) {
        const out = downsample(series(Array.from({ length: n }, (_, i) => Math.sin(i))), max)
        expect(out.length).toBeLessThanOrEqual(Math.min(n, max))
      }
    }
  })

  it('keeps each bucket’s minimum and maximum', () => {
    const values = Array.from({ length: 1000 }, () => 1)
    values[500] = 9
    values[501] = -9
    const out = downsample(series(values), 20)
    expect(out.map((p) => p.value)).toContain(9)
    expect(out.map((p) => p.value)).toContain(-9)
  })

  it('keeps a NaN or infinite point inside a bucket as a marker', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i)
    values[333] = NaN
    values[666] = -Infinity
    const out = downsample(series(values), 20)
    expect(out.find((p) => p.step === 333)?.value).toBeNaN()
    expect(out.find((p) => p.step === 666)?.value).toBe(-Infinity)
  })
})
