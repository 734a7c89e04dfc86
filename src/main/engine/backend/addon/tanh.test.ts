import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it, vi } from 'vitest'
import { NATIVE_MIN_ELEMENTS } from './index'
import { TANH_GRAD } from './tanh'
import type { NativeAddon } from './index'
import { nativeWasmSuite, relativeError, runOn, seeded } from './testing'

const suite = nativeWasmSuite()

const count = (shape: number[]) => shape.reduce((a, d) => a * d, 1)

/** Pre-activations as a conv gives them (spread to ±12, so tanh saturates), with edge values. */
function preActivations(shape: number[], seed: number): tf.Tensor {
  const v = seeded(count(shape), seed).map((x, i) => x * (i % 3 === 0 ? 12 : 1.5))
  const specials = [NaN, -0, 0, Infinity, -Infinity, 9.5, -30, 1e-30, -3e-39, 0.125, -0.1249]
  specials.forEach((s, i) => {
    if (i * 101 < v.length) v[i * 101] = s
  })
  return tf.tensor(v, shape)
}

/** Runs fn on wasm with the addon's `method` counted, then on the stock cpu backend. */
async function both(fn: () => tf.Tensor[], method: keyof NativeAddon) {
  const spy = vi.spyOn(suite.addon, method)
  const native = await runOn('wasm', fn)
  const calls = spy.mock.calls.length
  spy.mockRestore()
  return { native, stock: await runOn('cpu', fn), calls }
}

/** Largest relative error where the values differ, NaN matching NaN and −0 matching −0. */
function tanhError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!
    const e = expected[i]!
    if (Object.is(a, e)) continue
    worst = Math.max(worst, Math.abs(a - e) / Math.max(Math.abs(e), 1e-30))
  }
  return worst
}

// Odd sizes around the threshold (16384), LeNet-5's activations and one under.
const shapes = [
  [2, 9, 13, 70], // 16380: under, wasm's own Tanh
  [1, 128, 128, 1], // 16384: at it
  [3, 37, 41, 5],
  [64, 10, 10, 16], // LeNet-5's second conv
  [64, 28, 28, 6], // its first: big enough for the pool
  [1, 7, 11, 3],
]
const over = (shape: number[]) => count(shape) >= NATIVE_MIN_ELEMENTS

describe('native Tanh and its gradient on wasm against the stock cpu backend', () => {
  it('tanh to 1e-6 relative, exactly ±1 when saturated, NaN and −0 kept', async () => {
    for (const shape of shapes) {
      const { native, stock, calls } = await both(
        () => [tf.tanh(preActivations(shape, 1))],
        'unary',
      )
      const what = JSON.stringify(shape)
      expect(calls, what).toBe(over(shape) ? 1 : 0)
      // Under the threshold it is wasm's own Tanh, which flushes subnormals: not ours to test.
      if (!over(shape)) continue
      expect(tanhError(native[0]!, stock[0]!), what).toBeLessThan(1e-6)
      const out = native[0]!
      expect(Number.isNaN(out[0]!), what).toBe(true)
      expect(Object.is(out[101], -0), what).toBe(true)
      expect([out[303], out[404], out[505], out[606]], what).toEqual([1, -1, 1, -1])
    }
  }, 60_000)

  it('the gradient is one native pass, equal bit for bit to tfjs’s Square, Sub, Multiply', async () => {
    for (const shape of shapes) {
      const fn = () => {
        const x = preActivations(shape, 2)
        const dy = tf.tensor(seeded(count(shape), 3), shape)
        return [tf.grad((t: tf.Tensor) => tf.mul(tf.tanh(t), dy))(x)]
      }
      const spy = vi.spyOn(suite.addon, 'binary')
      const { native, calls } = await both(fn, 'unary')
      const tanhGradCalls = spy.mock.calls.filter((c) => c[0] === 'tanhGrad').length
      spy.mockRestore()
      const what = JSON.stringify(shape)
      expect(calls, what).toBe(over(shape) ? 1 : 0)
      expect(tanhGradCalls, what).toBe(over(shape) ? 1 : 0)
      // The reference: the same y through tfjs's own composition on the cpu backend.
      const y =
        native.length > 0 ? await runOn('wasm', () => [tf.tanh(preActivations(shape, 2))]) : []
      const reference = await runOn('cpu', () => {
        const yt = tf.tensor(y[0]!, shape)
        const dy = tf.tensor(seeded(count(shape), 3), shape)
        return [tf.mul(tf.sub(tf.scalar(1), tf.square(yt)), dy)]
      })
      const i = native[0]!.findIndex((v, k) => !Object.is(v, reference[0]![k]))
      expect(i === -1 ? 'equal' : `[${i}]: ${native[0]![i]} vs ${reference[0]![i]}`, what).toBe(
        'equal',
      )
    }
  }, 60_000)

  it('second derivatives through Tanh match the cpu backend’s', async () => {
    const shape = [4, 16, 16, 17]
    const fn = () => {
      const x = tf.tensor(seeded(count(shape), 4), shape)
      const inner = (t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(tf.tanh(u)))(t)
      return [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(inner(t), t)))(x)]
    }
    const spy = vi.spyOn(suite.addon, 'binary')
    const { native, stock } = await both(fn, 'unary')
    expect(spy.mock.calls.some((c) => c[0] === 'tanhGrad')).toBe(true)
    spy.mockRestore()
    expect(relativeError(native[0]!, stock[0]!)).toBeLessThan(1e-5)
  }, 60_000)

  it('gives the same bits on 1 thread as on 2', async () => {
    const fn = () => {
      const x = preActivations([64, 28, 28, 6], 5)
      return [tf.tanh(x), tf.grad((t: tf.Tensor) => tf.sum(tf.tanh(t)))(x)]
    }
    suite.addon.configure('auto', 1)
    const one = await runOn('wasm', fn)
    suite.addon.configure('auto', 2)
    const two = await runOn('wasm', fn)
    suite.addon.configure('auto', 0)
    one.forEach((a, i) => expect(a.every((v, k) => Object.is(v, two[i]![k]))).toBe(true))
  }, 60_000)

  it('is a kernel of wasm only; the cpu backend runs tfjs’s own gradient', async () => {
    expect(tf.getKernel(TANH_GRAD, 'wasm')).toBeDefined()
    expect(tf.getKernel(TANH_GRAD, 'cpu')).toBeUndefined()
    const x = preActivations([64, 28, 28, 6], 6)
    const out = await runOn('cpu', () => [tf.grad((t: tf.Tensor) => tf.sum(tf.tanh(t)))(x)])
    expect(out[0]!.length).toBe(count([64, 28, 28, 6]))
    x.dispose()
  }, 60_000)
})
