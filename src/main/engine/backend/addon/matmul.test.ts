import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it, vi } from 'vitest'
import { NATIVE_MIN_MACS } from './matmul'
import { nativeWasmSuite, relativeError, runOn, seeded } from './testing'

const suite = nativeWasmSuite()

const count = (shape: number[]) => shape.reduce((a, d) => a * d, 1)
const t = (shape: number[], seed: number) => tf.tensor(seeded(count(shape), seed), shape)
const methods = ['forward', 'filter', 'input'] as const

/** Runs fn on wasm counting the addon's conv calls (forward, filter, input), then on cpu. */
async function both(fn: () => tf.Tensor[]) {
  const spies = methods.map((m) => vi.spyOn(suite.addon, m))
  const native = await runOn('wasm', fn)
  const calls = spies.map((s) => s.mock.calls.length)
  spies.forEach((s) => s.mockRestore())
  return { native, stock: await runOn('cpu', fn), calls }
}

// [batch, inputs, outputs]: LeNet-5's dense layers, odd sizes, and one under the threshold.
const layers = [
  [64, 400, 120],
  [64, 120, 84],
  [64, 84, 10],
  [37, 53, 29],
  [5, 1000, 7],
  [8, 16, 10], // 1280 multiply-adds: wasm's
]
const native = ([m, k, n]: number[]) => m! * k! * n! >= NATIVE_MIN_MACS

describe('native dense products on wasm against the stock cpu backend', () => {
  it('a dense layer (bias, linear or relu) and both its gradients, to 1e-5', async () => {
    for (const [m, k, n] of layers) {
      for (const activation of ['linear', 'relu'] as const) {
        const fn = () => {
          const x = t([m!, k!], 1)
          const w = t([k!, n!], 2)
          const bias = t([n!], 3)
          const dy = t([m!, n!], 4)
          const dense = (a: tf.Tensor, b: tf.Tensor) =>
            tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation })
          const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(dense(a, b), dy))([x, w])
          return [dense(x, w), dx!, dw!]
        }
        const what = `${m}×${k}×${n} ${activation}`
        const { native: got, stock, calls } = await both(fn)
        // Forward twice (once under the gradient), then dx by the input kernel, dw by filter.
        expect(calls, what).toEqual(native([m!, k!, n!]) ? [2, 1, 1] : [0, 0, 0])
        got.forEach((a, i) =>
          expect(relativeError(a, stock[i]!), `${what} ${i}`).toBeLessThan(1e-5),
        )
      }
    }
  }, 60_000)

  it('plain and transposed matMul of 2-D and [1, m, k] operands; others left to wasm', async () => {
    const fn = () => [
      tf.matMul(t([40, 30], 5), t([30, 50], 6)),
      tf.matMul(t([40, 30], 7), t([50, 30], 8), false, true),
      tf.matMul(t([30, 40], 9), t([30, 50], 10), true, false),
      tf.matMul(t([1, 40, 30], 11), t([1, 30, 50], 12)),
      tf.matMul(t([30, 40], 13), t([50, 30], 14), true, true), // both transposed: wasm
      tf.matMul(t([2, 40, 30], 15), t([2, 30, 50], 16)), // batched: wasm
    ]
    const { native: got, stock, calls } = await both(fn)
    expect(calls).toEqual([2, 1, 1])
    got.forEach((a, i) => expect(relativeError(a, stock[i]!), `${i}`).toBeLessThan(1e-5))
  }, 60_000)

  it('gives the same bits on 1 thread as on 2', async () => {
    const fn = () => {
      const x = t([64, 400], 17)
      const w = t([400, 120], 18)
      return [
        tf.matMul(x, w),
        tf.matMul(x, t([64, 120], 20), true, false),
        tf.matMul(t([64, 120], 21), t([400, 120], 19), false, true),
      ]
    }
    suite.addon.configure('auto', 1)
    const one = await runOn('wasm', fn)
    suite.addon.configure('auto', 2)
    const two = await runOn('wasm', fn)
    suite.addon.configure('auto', 0)
    one.forEach((a, i) => expect(a.every((v, k) => Object.is(v, two[i]![k]))).toBe(true))
  }, 60_000)
})
