import { describe, expect, it } from 'vitest'
import { createRng, permutation } from './random'

describe('seeded randomness', () => {
  it('replays the same stream from the same seed, another from another', () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng(43)
    const xs = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(xs)
    expect(c()).not.toBe(xs[0])
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true)
  })

  it('permutes 0..n-1 without losing or repeating an index', () => {
    const p = permutation(1000, createRng(7))
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect([...p.slice(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect([...permutation(1000, createRng(7))]).toEqual([...p])
  })
})
