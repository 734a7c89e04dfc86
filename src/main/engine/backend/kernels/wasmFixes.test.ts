import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

describe('wasm fixes', () => {
  beforeAll(useWasm)

  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`matMul transposeA=${ta} transposeB=${tb} matches cpu, batched and not`, async () => {
      const compute = () => {
        const a = tf.tensor2d(seeded(35, 21), ta ? [7, 5] : [5, 7])
        const b = tf.tensor2d(seeded(21, 22), tb ? [3, 7] : [7, 3])
        const a3 = tf.tensor3d(seeded(70, 23), ta ? [2, 7, 5] : [2, 5, 7])
        const b3 = tf.tensor3d(seeded(42, 24), tb ? [2, 3, 7] : [2, 7, 3])
        return [tf.matMul(a, b, ta, tb), tf.matMul(a3, b3, ta, tb)]
      }
      const expected = await onStockCpu(compute)
      const actual = await onWasm(compute)
      expect(relativeError(actual[0]!, expected[0]!)).toBeLessThan(1e-6)
      expect(relativeError(actual[1]!, expected[1]!)).toBeLessThan(1e-6)
    })
  }

  it('dense layer gradients (transposed products) match cpu', async () => {
    const compute = () => {
      const x = tf.tensor2d(seeded(64 * 40, 31), [64, 40])
      const w = tf.tensor2d(seeded(40 * 12, 32), [40, 12])
      const b = tf.tensor1d(seeded(12, 33))
      const f = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.relu(tf.add(tf.matMul(x, w), b))))
      return tf.grads(f)([x, w, b])
    }
    const expected = await onStockCpu(compute)
    const actual = await onWasm(compute)
    for (const [i, a] of actual.entries()) expect(relativeError(a, expected[i]!)).toBeLessThan(1e-5)
  })

  it('a clone shares data but outlives its source, as tfjs tensors must', async () => {
    await tf.setBackend('wasm')
    const buffers = () => tf.engine().backend.numDataIds()
    const before = buffers()
    const x = tf.tensor1d([1, 2, 3])
    const y = tf.clone(x)
    const z = tf.cast(x, 'float32')
    expect(buffers() - before).toBe(1) // one buffer, three tensors
    x.dispose()
    expect(Array.from(await y.data())).toEqual([1, 2, 3])
    y.dispose()
    expect(Array.from(await z.data())).toEqual([1, 2, 3])
    z.dispose()
    expect(buffers()).toBe(before)
  })

  it('a cast that changes the dtype still converts', async () => {
    await tf.setBackend('wasm')
    const x = tf.tensor1d([1.7, -2.2, 0])
    expect(Array.from(await tf.cast(x, 'int32').data())).toEqual([1, -2, 0])
    // wasm's own gave 254 for −2.2 (bytes, not truth values)
    expect(Array.from(await tf.cast(x, 'bool').data())).toEqual([1, 1, 0])
    expect(Array.from(await tf.cast(tf.tensor1d([0, -3, 5], 'int32'), 'bool').data())).toEqual([
      0, 1, 1,
    ])
    expect(Array.from(await tf.cast(tf.tensor1d([true, false], 'bool'), 'float32').data())).toEqual(
      [1, 0],
    )
  })
})
