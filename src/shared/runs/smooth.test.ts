import { describe, expect, it } from 'vitest'
import { smooth } from './smooth'

describe('smooth', () => {
  it('weight 0 is the identity; a constant stays constant (no start-up bias)', () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3])
    for (const v of smooth([5, 5, 5, 5], 0.9)) expect(v).toBeCloseTo(5, 12)
  })

  it('damps noise and lags a step', () => {
    const s = smooth([0, 10, 0, 10, 0, 10], 0.6) as number[]
    expect(Math.max(...s.slice(2)) - Math.min(...s.slice(2))).toBeLessThan(10)
    const step = smooth([0, 0, 0, 1, 1, 1], 0.5) as number[]
    expect(step[3]).toBeGreaterThan(0)
    expect(step[3]).toBeLessThan(1)
  })

  it('lets null and NaN through without poisoning the rest', () => {
    const s = smooth([1, null, Number.NaN, 1], 0.5)
    expect(s[1]).toBeNull()
    expect(s[2]).toBeNaN()
    expect(s[3]).toBeCloseTo(1, 12)
  })
})

describe('epoch axis', () => {
  it('batches per epoch from epoch ends, else from the first epoch’s steps', async () => {
    const { batchesPerEpoch, onEpochAxis } = await import('./series')
    expect(batchesPerEpoch([{ step: 16, epoch: 2, value: 1 }])).toBe(8)
    expect(
      batchesPerEpoch(
        [],
        [
          { step: 3, epoch: 1, value: 1 },
          { step: 5, epoch: 1, value: 1 },
          { step: 6, epoch: 2, value: 1 },
        ],
      ),
    ).toBe(5)
    expect(batchesPerEpoch([], [])).toBeNull()
    expect(onEpochAxis([{ step: 4, epoch: 1, value: 0.5 }], 8, false)).toEqual([[0.5, 0.5]])
    expect(onEpochAxis([{ step: 8, epoch: 1, value: 0.5 }], 8, true)).toEqual([[1, 0.5]])
  })
})
