import { describe, expect, it } from 'vitest'
import { LossWatch } from './divergence'

describe('LossWatch', () => {
  it('calls a non-finite loss diverged at once', () => {
    expect(new LossWatch(1000).see(Number.NaN)).toBe('the loss became NaN')
    expect(new LossWatch(0).see(Number.POSITIVE_INFINITY)).toBe('the loss became Infinity')
  })

  it('calls a finite loss that stays orders above its start diverged after five batches', () => {
    const w = new LossWatch(1000)
    expect(w.see(2.3)).toBeNull()
    for (let i = 0; i < 4; i++) expect(w.see(1.3e9)).toBeNull()
    expect(w.see(1.3e9)).toBe(
      'the loss rose to 1.30e+9, over 1000× its early 2.30, for 5 batches in a row',
    )
  })

  it('forgives a spike, and a loss that falls and then rises back to its start', () => {
    const w = new LossWatch(1000)
    w.see(2.3)
    for (let i = 0; i < 4; i++) expect(w.see(5000)).toBeNull()
    expect(w.see(2)).toBeNull()
    for (let i = 0; i < 4; i++) expect(w.see(5000)).toBeNull()
    const slow = new LossWatch(1000)
    for (const l of [2.3, 1.5, 0.9, 0.4, 0.2, 0.5, 1.1, 2.5, 3]) expect(slow.see(l)).toBeNull()
  })

  it('never calls a finite loss diverged with the factor 0', () => {
    const w = new LossWatch(0)
    w.see(1)
    for (let i = 0; i < 20; i++) expect(w.see(1e30)).toBeNull()
  })
})
