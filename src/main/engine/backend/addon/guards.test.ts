/** The addon's argument checks: bad numbers and overlapping views are refused with a reason. */
import { describe, expect, it } from 'vitest'
import { loadAddon } from './index'

const load = loadAddon()
const addon = load.ok ? load.addon : null

// A 1×4×4×1 input, 3×3 kernel, stride 1, valid: 2×2 output.
const geometry = [1, 4, 4, 1, 2, 2, 1, 3, 3, 1, 1, 0, 0]
const floats = (n: number) => new Float32Array(n)

describe.skipIf(addon === null)('the native kernels refuse bad arguments', () => {
  const a = addon!

  it('a shape entry that is NaN, infinite, fractional or beyond an int', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 2.5, 1e20, -1e20, 2 ** 31]) {
      const shape = [...geometry]
      shape[1] = bad
      expect(
        () => a.forward(shape, floats(16), floats(9), null, floats(4), false),
        String(bad),
      ).toThrow(/shape entries must be integers/)
    }
  })

  it('an output whose last window would start past the input once (oh − 1)·sh is formed in 64 bits', () => {
    // (oh − 1)·sh = 2·2^30 overflows int; in int it wraps negative and passed the guard.
    const shape = [1, 4, 4, 1, 3, 1, 1, 1, 1, 2 ** 30, 1, 0, 0]
    expect(() => a.forward(shape, floats(16), floats(1), null, floats(3), false)).toThrow(
      /output larger than the input allows/,
    )
  })

  it('a channel count or pool shape entry that is NaN or huge', () => {
    expect(() => a.channelSum(floats(8), Number.NaN, floats(1), 1)).toThrow(
      /channels must be a whole number/,
    )
    expect(() => a.channelSum(floats(8), 1e30, floats(1), 1)).toThrow(
      /channels must be a whole number/,
    )
    expect(() => a.avgPool([1, 4, 4, 1, Number.NaN, 2], floats(16), floats(4))).toThrow(
      /pool shape entries must be whole numbers/,
    )
    expect(() => a.avgPool([1, 4, 4, 1, 1e300, 2], floats(16), floats(4))).toThrow(
      /pool shape entries must be whole numbers/,
    )
  })

  it('an output view that overlaps an input in the same buffer', () => {
    const heap = new Float32Array(64)
    const x = heap.subarray(0, 16)
    // y starts inside x.
    expect(() => a.forward(geometry, x, floats(9), null, heap.subarray(14, 18), false)).toThrow(
      /y overlaps x in memory/,
    )
    expect(() => a.filter(geometry, x, heap.subarray(16, 20), heap.subarray(18, 27))).toThrow(
      /dw overlaps dy/,
    )
    expect(() => a.input(geometry, heap.subarray(0, 4), floats(9), heap.subarray(2, 18))).toThrow(
      /dx overlaps dy/,
    )
    expect(() => a.avgPool([1, 4, 4, 1, 2, 2], x, heap.subarray(12, 16))).toThrow(/y overlaps x/)
    expect(() => a.unary('relu', heap.subarray(0, 8), heap.subarray(4, 12), 0)).toThrow(
      /out overlaps x/,
    )
    expect(() =>
      a.batchNormStats(heap.subarray(0, 8), 2, heap.subarray(6, 8), heap.subarray(8, 10)),
    ).toThrow(/mean overlaps x/)
  })

  it('but runs a pointwise op in place, and views side by side in one buffer', () => {
    const heap = new Float32Array([-1, 2, -3, 4, 0, 0, 0, 0])
    const v = heap.subarray(0, 4)
    a.unary('relu', v, v, 0)
    expect([...v]).toEqual([0, 2, 0, 4])
    a.binary('add', v, heap.subarray(0, 4), v, 4)
    expect([...v]).toEqual([0, 4, 0, 8])
    const out = heap.subarray(4, 8)
    a.unary('square', v, out, 0)
    expect([...out]).toEqual([0, 16, 0, 64])
  })
})
