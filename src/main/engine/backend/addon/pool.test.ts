import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it, vi } from 'vitest'
import { tilingPoolShape } from './pool'
import { nativeWasmSuite, relativeError, runOn, seeded } from './testing'

const suite = nativeWasmSuite()

const count = (shape: number[]) => shape.reduce((a, d) => a * d, 1)
const t = (shape: number[], seed: number) => tf.tensor(seeded(count(shape), seed), shape)

/** Runs fn on wasm counting the addon's avgPool and avgPoolGrad calls, then on cpu. */
async function both(fn: () => tf.Tensor[]) {
  const spies = (['avgPool', 'avgPoolGrad'] as const).map((m) => vi.spyOn(suite.addon, m))
  const native = await runOn('wasm', fn)
  const calls = spies.map((s) => s.mock.calls.length)
  spies.forEach((s) => s.mockRestore())
  return { native, stock: await runOn('cpu', fn), calls }
}

type Pool = [shape: number[], window: [number, number], native: boolean]
const pools: Pool[] = [
  [[64, 28, 28, 6], [2, 2], true], // LeNet-5's first subsampling: big enough for the pool
  [[64, 10, 10, 16], [2, 2], true], // its second
  [[3, 37, 41, 5], [2, 2], true], // odd sizes: the last row and column are in no window
  [[2, 33, 35, 9], [3, 2], true], // windows of two shapes
  [[1, 128, 128, 1], [4, 4], true], // 16384: at the threshold, one channel
  [[2, 9, 13, 70], [2, 2], false], // 16380: under it, wasm's own kernels
]

describe('native tiling AvgPool and AvgPoolGrad on wasm against the stock cpu backend', () => {
  it('pools and its gradient match cpu (1e-6; the gradient bit for bit), called once each', async () => {
    for (const [shape, window, native] of pools) {
      const fn = () => {
        const x = t(shape, 1) as tf.Tensor4D
        const pool = (v: tf.Tensor4D) => tf.avgPool(v, window, window, 'valid')
        const y = pool(x)
        const dy = t(y.shape, 2)
        return [y, tf.grad((v: tf.Tensor) => tf.mul(pool(v as tf.Tensor4D), dy))(x)]
      }
      const what = `${JSON.stringify(shape)} ${JSON.stringify(window)}`
      const { native: got, stock, calls } = await both(fn)
      // The gradient runs the pool forward again.
      expect(calls, what).toEqual(native ? [2, 1] : [0, 0])
      expect(relativeError(got[0]!, stock[0]!), what).toBeLessThan(1e-6)
      const i = got[1]!.findIndex((v, k) => !Object.is(v, stock[1]![k]))
      expect(i === -1 ? 'equal' : `[${i}]: ${got[1]![i]} vs ${stock[1]![i]}`, what).toBe('equal')
    }
  }, 60_000)

  it('leaves overlapping, padded and strided-apart windows to wasm', async () => {
    const fn = () => {
      const x = t([8, 24, 24, 16], 3) as tf.Tensor4D
      return [
        tf.avgPool(x, 3, 2, 'valid'),
        tf.avgPool(x, 2, 2, 'same'), // tiles exactly: 24 is even, so no padding
        tf.avgPool(x, 5, 5, 'same'), // padded
        tf.avgPool(x, 2, 3, 'valid'),
      ]
    }
    const { native, stock, calls } = await both(fn)
    expect(calls).toEqual([1, 0])
    native.forEach((a, i) => expect(relativeError(a, stock[i]!)).toBeLessThan(1e-6))
    expect(tilingPoolShape([8, 24, 24, 16], 2, 2, 'same', undefined)).toEqual([8, 24, 24, 16, 2, 2])
    expect(tilingPoolShape([8, 24, 24, 16], 5, 5, 'same', undefined)).toBeNull()
  }, 60_000)

  it('gives the same bits on 1 thread as on 2', async () => {
    const fn = () => {
      const x = t([64, 28, 28, 6], 4) as tf.Tensor4D
      const y = tf.avgPool(x, 2, 2, 'valid')
      return [y, tf.grad((v: tf.Tensor) => tf.sum(tf.avgPool(v as tf.Tensor4D, 2, 2, 'valid')))(x)]
    }
    suite.addon.configure('auto', 1)
    const one = await runOn('wasm', fn)
    suite.addon.configure('auto', 2)
    const two = await runOn('wasm', fn)
    suite.addon.configure('auto', 0)
    one.forEach((a, i) => expect(a.every((v, k) => Object.is(v, two[i]![k]))).toBe(true))
  }, 60_000)

  it('refuses bad shapes and buffers with a clear error', () => {
    const f = (n: number) => new Float32Array(n)
    expect(() => suite.addon.avgPool([1, 4, 4, 2], f(32), f(8))).toThrow(/\[n, h, w, c, kh, kw\]/)
    expect(() => suite.addon.avgPool([1, 4, 4, 2, 0, 2], f(32), f(8))).toThrow(/whole numbers ≥ 1/)
    expect(() => suite.addon.avgPool([1, 4, 4, 2, 5, 2], f(32), f(8))).toThrow(
      /larger than the input/,
    )
    expect(() => suite.addon.avgPool([1, 4, 4, 2, 2, 2], f(31), f(8))).toThrow(/x has 31 floats/)
    expect(() => suite.addon.avgPoolGrad([1, 4, 4, 2, 2, 2], f(8), f(30))).toThrow(
      /dx has 30 floats/,
    )
  })
})
