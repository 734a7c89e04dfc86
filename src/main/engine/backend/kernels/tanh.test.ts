import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

/** n values spread over [-scale, scale), with the edge cases tanh must get right at the front. */
function values(n: number, scale: number): Float32Array {
  const out = seeded(n, 61).map((v) => v * scale)
  out.set([0, -0, 1e-8, -1e-8, 1e-3, 9, -9, 40, -40, 1e30, -1e30, Infinity, -Infinity])
  return out
}

describe('Tanh on wasm matches cpu', () => {
  beforeAll(useWasm)

  for (const [shape, scale] of [
    [[64, 28, 28, 6], 3], // LeNet's C1 activation: the XNNPACK route
    [[3, 17, 11, 5], 12], // odd sizes, saturating values
    [[10, 84], 2], // below the size limit: wasm's own loop
  ] as const) {
    it(`values and gradient for ${shape.join('×')}`, async () => {
      const n = shape.reduce((a, b) => a * b, 1)
      const xs = values(n, scale)
      const dys = seeded(n, 62)
      const compute = () => {
        const x = tf.tensor(xs, [...shape])
        const dy = tf.tensor(dys, [...shape])
        return [tf.tanh(x), tf.grad((t: tf.Tensor) => tf.tanh(t))(x, dy)]
      }
      const [y, dx] = await onWasm(compute)
      const [yRef, dxRef] = await onStockCpu(compute)
      expect(relativeError(y!, yRef!)).toBeLessThan(1e-6)
      expect(relativeError(dx!, dxRef!)).toBeLessThan(1e-6)
      // Saturation is exact (±1), and so the gradient there is exactly zero.
      expect(Array.from(y!.subarray(7, 13))).toEqual([1, -1, 1, -1, 1, -1])
      expect(Array.from(dx!.subarray(7, 13)).map(Math.abs)).toEqual([0, 0, 0, 0, 0, 0])
    })
  }

  it('passes NaN through', async () => {
    const [y] = await onWasm(() => [tf.tanh(tf.fill([4096], NaN))])
    expect(y!.every(Number.isNaN)).toBe(true)
  })
})
