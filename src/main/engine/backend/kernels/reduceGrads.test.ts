import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

describe('Mean and Sum gradients', () => {
  beforeAll(useWasm)

  it("match tfjs's own over every kind of axis list, with and without keepDims", async () => {
    const compute = () => {
      const x = tf.tensor4d(seeded(3 * 4 * 5 * 6, 71), [3, 4, 5, 6])
      const out: tf.Tensor[] = []
      for (const axis of [[0, 1, 2], [1, 2], [3], [-1, 0], [0, 1, 2, 3]]) {
        for (const keepDims of [false, true]) {
          for (const reduce of [tf.mean, tf.sum]) {
            const f = (x: tf.Tensor) => {
              const r = reduce(x, axis, keepDims)
              return tf.sum(tf.mul(tf.square(r), tf.tensor(seeded(r.size, 72), r.shape)))
            }
            out.push(tf.grad(f)(x))
          }
        }
      }
      // tf.moments, as batch norm in training uses it.
      out.push(tf.grad((x: tf.Tensor) => tf.sum(tf.moments(x, [0, 1, 2]).variance))(x))
      return out
    }
    const expected = await onStockCpu(compute)
    const actual = await onWasm(compute)
    expect(actual.length).toBe(21)
    for (const [i, a] of actual.entries())
      expect(relativeError(a, expected[i]!), `case ${i}`).toBeLessThan(1e-5)
  })
})
