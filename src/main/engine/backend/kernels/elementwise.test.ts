import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

const ops = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div } as const

/** Pairs of shapes that broadcast: small ones take the JavaScript loop, the last is too big. */
const pairs: [number[], number[]][] = [
  [
    [64, 10],
    [64, 1],
  ], // softmax cross-entropy
  [
    [64, 1],
    [64, 10],
  ],
  [
    [1, 10],
    [64, 10],
  ],
  [
    [3, 1, 5],
    [4, 1],
  ], // both broadcast, ranks differ
  [
    [2, 3, 4, 5],
    [3, 1, 5],
  ],
  [[7], [3, 1]],
  [
    [100, 100],
    [100, 1],
  ], // above the size limit: wasm's own kernel
]

describe('small broadcasts on wasm match cpu', () => {
  beforeAll(useWasm)

  for (const [name, op] of Object.entries(ops)) {
    it(`${name} over broadcast shapes`, async () => {
      const compute = () =>
        pairs.map(([sa, sb], i) => {
          const a = tf.tensor(seeded(tf.util.sizeFromShape(sa), 80 + i), sa)
          const b = tf.tensor(seeded(tf.util.sizeFromShape(sb), 90 + i), sb)
          return op(a, b)
        })
      const actual = await onWasm(compute)
      const expected = await onStockCpu(compute)
      for (const [i, a] of actual.entries()) {
        expect(relativeError(a, expected[i]!), `${pairs[i]!.join(' with ')}`).toBeLessThan(1e-6)
      }
    })
  }

  it('gives the gradients of broadcast ops (which broadcast again) as cpu does', async () => {
    const compute = () => {
      const a = tf.tensor2d(seeded(64 * 10, 101), [64, 10])
      const b = tf.tensor2d(
        seeded(64, 102).map((v) => v + 2),
        [64, 1],
      )
      const r = tf.tensor2d(seeded(64 * 10, 103), [64, 10])
      const f = (x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.mul(tf.add(tf.div(tf.sub(x, y), y), tf.mul(x, y)), r))
      return tf.grads(f)([a, b])
    }
    const actual = await onWasm(compute)
    const expected = await onStockCpu(compute)
    for (const [i, a] of actual.entries()) expect(relativeError(a, expected[i]!)).toBeLessThan(1e-5)
  })

  it('keeps shapes, infinities and NaN, and leaves int32 to wasm', async () => {
    await tf.setBackend('wasm')
    const a = tf.tensor2d([1, -1, 0, 2, NaN, Infinity], [3, 2])
    const b = tf.tensor2d([0, 2, -Infinity], [3, 1])
    const q = tf.div(a, b)
    expect(q.shape).toEqual([3, 2])
    expect(Array.from(await q.data())).toEqual([Infinity, -Infinity, 0, 1, NaN, NaN])
    const i = tf.sub(
      tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32'),
      tf.tensor2d([1, 2], [2, 1], 'int32'),
    )
    expect(i.dtype).toBe('int32')
    expect(Array.from(await i.data())).toEqual([4, 5, 5, 6])
    tf.dispose([a, b, q, i])
  })
})
