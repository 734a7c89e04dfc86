import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { isChannelReduction } from './channelReduce'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

describe('per-channel reductions and broadcasts on wasm', () => {
  beforeAll(useWasm)

  it('recognises reductions over every axis but the last', () => {
    expect(isChannelReduction([0, 1, 2], 4)).toBe(true)
    expect(isChannelReduction([2, 0, 1, 1], 4)).toBe(true)
    expect(isChannelReduction([-4, -3, -2], 4)).toBe(true)
    expect(isChannelReduction([0], 2)).toBe(true)
    expect(isChannelReduction([0, 1], 4)).toBe(false)
    expect(isChannelReduction([1, 2, 3], 4)).toBe(false)
    expect(isChannelReduction(0, 1)).toBe(false)
  })

  it('sum and mean over batch and space match cpu, with and without keepDims', async () => {
    const compute = () => {
      const x = tf.tensor4d(seeded(6 * 7 * 5 * 12, 41), [6, 7, 5, 12])
      const m = tf.tensor2d(seeded(9 * 3, 42), [9, 3])
      return [
        tf.sum(x, [0, 1, 2]),
        tf.mean(x, [0, 1, 2], true),
        tf.sum(x, [-2, -4, -3], true),
        tf.mean(m, 0),
        tf.sum(m, [0]),
        tf.sum(x, [1, 2]), // not per-channel: the stock kernel
        tf.sum(x), // everything
      ]
    }
    const expected = await onStockCpu(compute)
    const actual = await onWasm(compute)
    for (const [i, a] of actual.entries())
      expect(relativeError(a, expected[i]!), `result ${i}`).toBeLessThan(1e-5)
    await tf.setBackend('wasm')
    expect(tf.mean(tf.ones([2, 3, 4, 5]), [0, 1, 2], true).shape).toEqual([1, 1, 1, 5])
    expect(tf.sum(tf.ones([2, 3, 4, 5]), [0, 1, 2]).shape).toEqual([5])
  })

  it('multiply, add and subtract by a per-channel vector match cpu, either side', async () => {
    const compute = () => {
      const x = tf.tensor4d(seeded(4 * 6 * 6 * 16, 43), [4, 6, 6, 16])
      const v = tf.tensor1d(seeded(16, 44))
      const v4 = tf.reshape(v, [1, 1, 1, 16])
      const wide = tf.tensor2d(seeded(10 * 64, 45), [10, 64]) // above the channel limit
      const w = tf.tensor1d(seeded(64, 46))
      return [
        tf.mul(x, v),
        tf.mul(v4, x),
        tf.add(x, v4),
        tf.sub(x, v4),
        tf.add(v, x),
        tf.sub(x, v),
        tf.sub(v, x), // not routed: v − x
        tf.mul(wide, w),
        tf.sub(wide, w),
      ]
    }
    const expected = await onStockCpu(compute)
    const actual = await onWasm(compute)
    for (const [i, a] of actual.entries())
      expect(relativeError(a, expected[i]!), `result ${i}`).toBeLessThan(1e-6)
  })

  it('batch norm (inference form) matches cpu, with and without scale and offset', async () => {
    const compute = () => {
      const out: tf.Tensor[] = []
      for (const c of [3, 16, 64]) {
        const x = tf.tensor4d(seeded(5 * 4 * 3 * c, 50 + c), [5, 4, 3, c])
        // Per-channel parameters as [C] and as [1,1,1,C] (tfjs wants one rank for all four).
        for (const shape of [[c], [1, 1, 1, c]]) {
          const mean = tf.tensor(seeded(c, 51), shape)
          const variance = tf.add(tf.abs(tf.tensor(seeded(c, 52), shape)), 0.1)
          const scale = tf.tensor(seeded(c, 53), shape)
          const offset = tf.tensor(seeded(c, 54), shape)
          out.push(tf.batchNorm(x, mean, variance, offset, scale, 1e-3))
          out.push(tf.batchNorm(x, mean, variance, undefined, scale, 1e-5))
          out.push(tf.batchNorm(x, mean, variance, offset, undefined, 0.1))
        }
      }
      return out
    }
    const expected = await onStockCpu(compute)
    const actual = await onWasm(compute)
    for (const [i, a] of actual.entries())
      expect(relativeError(a, expected[i]!), `result ${i}`).toBeLessThan(1e-5)
  })

  it("max-pool gradients match cpu, windows of negatives included (wasm's own drops them)", async () => {
    const compute = () => {
      const out: tf.Tensor[] = []
      const cases: [
        [number, number, number, number],
        number,
        number | [number, number],
        'valid' | 'same',
      ][] = [
        [[2, 8, 8, 4], 1, 2, 'valid'],
        [[2, 9, 7, 3], 1, 2, 'valid'], // odd sizes: the last row and column are never picked
        [[2, 9, 7, 3], 1, 2, 'same'],
        [[1, 6, 6, 2], 1, [3, 2], 'valid'],
        [[2, 8, 8, 4], 2, 2, 'valid'], // real windows, some all negative
        [[2, 9, 9, 3], 3, 2, 'valid'], // overlapping, as AlexNet's
        [[2, 7, 7, 3], 3, 2, 'same'], // with padding
      ]
      for (const [shape, pool, stride, pad] of cases) {
        const x = tf.tensor4d(
          seeded(
            shape.reduce((a, b) => a * b),
            61,
          ),
          [...shape],
        )
        const f = (x: tf.Tensor) => {
          const y = tf.maxPool(x as tf.Tensor4D, pool, stride, pad)
          return tf.sum(tf.mul(y, tf.tensor(seeded(y.size, 62), y.shape)))
        }
        out.push(tf.grad(f)(x))
      }
      return out
    }
    const expected = await onStockCpu(compute)
    const actual = await onWasm(compute)
    for (const [i, a] of actual.entries())
      expect(relativeError(a, expected[i]!), `case ${i}`).toBeLessThan(1e-6)
  })

  it('integer tensors keep the stock kernels', async () => {
    await tf.setBackend('wasm')
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32')
    expect(Array.from(await tf.sum(x, 0).data())).toEqual([9, 12])
    expect(Array.from(await tf.mul(x, tf.tensor1d([2, 3], 'int32')).data())).toEqual([
      2, 6, 6, 12, 10, 18,
    ])
  })
})
