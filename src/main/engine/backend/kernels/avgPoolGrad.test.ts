import * as tf from '@tensorflow/tfjs-core'
import { backend_util } from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { isTiling } from './avgPoolGrad'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

interface Case {
  x: [number, number, number, number]
  pool: [number, number]
  stride: [number, number]
  pad: 'valid' | 'same'
}

const cases: Case[] = [
  { x: [4, 28, 28, 6], pool: [2, 2], stride: [2, 2], pad: 'valid' }, // LeNet's S2
  { x: [3, 10, 10, 16], pool: [2, 2], stride: [2, 2], pad: 'same' }, // LeNet's S4, as 'same'
  { x: [3, 11, 9, 5], pool: [2, 2], stride: [2, 2], pad: 'valid' }, // a row and column left over
  { x: [2, 10, 7, 3], pool: [3, 3], stride: [3, 3], pad: 'valid' },
  { x: [2, 6, 9, 1], pool: [1, 3], stride: [1, 3], pad: 'valid' }, // non-square
  { x: [2, 7, 7, 2], pool: [2, 2], stride: [2, 2], pad: 'same' }, // padded: stock kernel
  { x: [2, 9, 9, 4], pool: [3, 3], stride: [2, 2], pad: 'valid' }, // overlapping: stock kernel
]

const label = (c: Case) =>
  `x ${c.x.join('×')}, pool ${c.pool.join('×')}, stride ${c.stride.join('×')}, ${c.pad}`

describe('AvgPoolGrad on wasm matches cpu', () => {
  beforeAll(useWasm)

  it('recognises windows that tile the input', () => {
    const info = (c: Case) => backend_util.computePool2DInfo(c.x, c.pool, c.stride, 1, c.pad)
    expect(cases.map((c) => isTiling(info(c)))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ])
  })

  for (const c of cases) {
    it(label(c), async () => {
      const n = c.x.reduce((a, b) => a * b, 1)
      const xs = seeded(n, 71)
      const compute = () => {
        const x = tf.tensor4d(xs, c.x)
        const f = (t: tf.Tensor) => {
          const y = tf.avgPool(t as tf.Tensor4D, c.pool, c.stride, c.pad)
          return tf.sum(tf.mul(y, tf.tensor(seeded(y.size, 72), y.shape)))
        }
        return [tf.grad(f)(x)]
      }
      const [dx] = await onWasm(compute)
      const [expected] = await onStockCpu(compute)
      expect(relativeError(dx!, expected!)).toBeLessThan(1e-6)
    })
  }
})
