import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it, vi } from 'vitest'
import { batchNormTraining } from '../../layers/trainingBatchNorm'
import {
  BATCH_NORM_GRAD,
  BATCH_NORM_STATS,
  nativeAddon,
  registerNativeKernels,
  unregisterNativeKernels,
} from './index'
import { nativeWasmSuite, relativeError, runOn, seeded } from './testing'

const suite = nativeWasmSuite()

/** x (shifted and scaled), γ, β and a weight for the loss Σ(y·w): the same every run. */
function inputs(shape: number[], shift: number, spread: number) {
  const n = shape.reduce((a, d) => a * d, 1)
  const c = shape[3]!
  const x = tf.tensor4d(
    seeded(n, 1).map((v) => shift + spread * v),
    shape as [number, number, number, number],
  )
  const gamma = tf.tensor1d(seeded(c, 2).map((v) => 1 + 0.5 * v))
  const beta = tf.tensor1d(seeded(c, 3))
  const w = tf.tensor(seeded(n, 4), shape)
  return { x, gamma, beta, w }
}

/** y, batch mean and variance, dx, dγ, dβ of batchNormTraining on the current backend. */
function training(shape: number[], shift = 0.5, spread = 2, eps = 1e-3): tf.Tensor[] {
  const { x, gamma, beta, w } = inputs(shape, shift, spread)
  const stats: tf.Tensor[] = []
  const y = batchNormTraining(x, gamma, beta, eps, (m, v) => stats.push(m, v))
  const f = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) =>
    tf.sum(
      tf.mul(
        batchNormTraining(xi as tf.Tensor4D, gi as tf.Tensor1D, bi as tf.Tensor1D, eps, (m, v) =>
          tf.dispose([m, v]),
        ),
        w,
      ),
    )
  return [y, ...stats, ...tf.grads(f)([x, gamma, beta])]
}

const NAMES = ['y', 'mean', 'variance', 'dx', 'dgamma', 'dbeta']

/** Runs `training` on wasm (counting the addon's batch-norm calls) and on the stock cpu. */
async function both(shape: number[], shift?: number, spread?: number) {
  const stats = vi.spyOn(suite.addon, 'batchNormStats')
  const grad = vi.spyOn(suite.addon, 'batchNormGrad')
  const native = await runOn('wasm', () => training(shape, shift, spread))
  const calls = [stats.mock.calls.length, grad.mock.calls.length]
  stats.mockRestore()
  grad.mockRestore()
  const stock = await runOn('cpu', () => training(shape, shift, spread))
  return { native, stock, calls }
}

/** Bit-for-bit equality, reporting the first difference. */
function expectExact(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, label).toBe(expected.length)
  const i = actual.findIndex((v, k) => !Object.is(v, expected[k]))
  expect(i === -1 ? 'equal' : `[${i}]: ${actual[i]} vs ${expected[i]}`, label).toBe('equal')
}

describe('native training batch norm (wasm)', () => {
  it.each([
    [3, 5, 7, 1],
    [2, 3, 3, 6],
    [5, 4, 3, 17],
    [1, 9, 11, 32],
    [2, 33, 17, 3],
    [3, 7, 5, 70],
    [1, 1, 1, 5],
    [2, 3, 5, 2500],
    [32, 32, 32, 16],
  ])('matches the tfjs composition for x %i×%i×%i×%i, natively', async (...shape) => {
    const { native, stock, calls } = await both(shape)
    // One stats call for the forward value, one for the forward inside tf.grads; one gradient.
    expect(calls).toEqual([2, 1])
    for (const [i, name] of NAMES.entries()) {
      expect(relativeError(native[i]!, stock[i]!), name).toBeLessThan(1e-4)
    }
  })

  it('keeps the variance when the mean dwarfs the spread', async () => {
    const shape = [4, 9, 9, 7]
    const { native } = await both(shape, 1000, 0.01)
    // The exact statistics of the float32 inputs, in double.
    const x = seeded(
      shape.reduce((a, d) => a * d, 1),
      1,
    ).map((v) => 1000 + 0.01 * v)
    const c = 7
    const rows = x.length / c
    for (let ch = 0; ch < c; ch++) {
      let sum = 0
      for (let r = 0; r < rows; r++) sum += x[r * c + ch]!
      const mean = sum / rows
      let sq = 0
      for (let r = 0; r < rows; r++) sq += (x[r * c + ch]! - mean) ** 2
      expect(native[1]![ch]! / mean - 1).toBeLessThan(1e-7)
      expect(Math.abs(native[2]![ch]! / (sq / rows) - 1)).toBeLessThan(1e-4)
    }
    // dx and dγ from a well-conditioned variance: finite and not all zero.
    expect(native[3]!.every(Number.isFinite)).toBe(true)
    expect(native[4]!.some((v) => v !== 0)).toBe(true)
  })

  it('gives the same bits on 1, 2 and 5 threads', async () => {
    // 128×32×32×16 as ResNet-20's first stage: big enough for the pool to take part.
    const fn = () => training([128, 32, 32, 16])
    const runs: Float32Array[][] = []
    for (const threads of [1, 2, 5]) {
      suite.addon.configure('auto', threads)
      runs.push(await runOn('wasm', fn))
    }
    suite.addon.configure('auto', 0)
    for (const run of runs.slice(1)) run.forEach((a, i) => expectExact(a, runs[0]![i]!, NAMES[i]!))
  })

  it('gives the same bits with the portable and AVX2 loops', async (ctx) => {
    const load = nativeAddon()
    if (!load.ok || !load.info.available.includes('avx2')) ctx.skip('this CPU has no AVX2')
    const fn = () => training([3, 29, 31, 20])
    const runs: Float32Array[][] = []
    for (const isa of ['portable', 'avx2']) {
      expect(suite.addon.configure(isa, 0).elementwise).toBe(isa)
      runs.push(await runOn('wasm', fn))
    }
    suite.addon.configure('auto', 0)
    runs[1]!.forEach((a, i) => expectExact(a, runs[0]![i]!, NAMES[i]!))
  })

  it('falls back to the tfjs composition on wasm without the addon', async () => {
    unregisterNativeKernels('wasm')
    try {
      expect(tf.getKernel(BATCH_NORM_GRAD, 'wasm')).toBeUndefined()
      const { native: wasm, stock, calls } = await both([5, 4, 3, 17])
      expect(calls).toEqual([0, 0])
      for (const [i, name] of NAMES.entries()) {
        expect(relativeError(wasm[i]!, stock[i]!), name).toBeLessThan(1e-4)
      }
    } finally {
      registerNativeKernels('wasm')
    }
    expect(tf.getKernel(BATCH_NORM_STATS, 'wasm')).toBeDefined()
    expect(tf.getKernel(BATCH_NORM_STATS, 'cpu')).toBeUndefined()
  })

  it('refuses mismatched buffers with a clear error', async () => {
    const f = (n: number) => new Float32Array(n)
    const a = suite.addon
    expect(() => a.batchNormStats(f(10), 3, f(3), f(3))).toThrow(/not whole rows of 3 channels/)
    expect(() => a.batchNormStats(f(0), 3, f(3), f(3))).toThrow(/0 floats, not whole rows/)
    expect(() => a.batchNormStats(f(12), 0, f(3), f(3))).toThrow(/channels must be a whole/)
    expect(() => a.batchNormStats(f(12), 3, f(3), f(4))).toThrow(/variance has 4 floats/)
    expect(() => a.batchNormStats(new Int32Array(12) as never, 3, f(3), f(3))).toThrow(
      /x must be a Float32Array/,
    )
    const grad = (dy: number, x: number, v: number, s: number | null, dx: number, ds: number) =>
      a.batchNormGrad(f(dy), f(x), f(3), f(v), s === null ? null : f(s), 1e-3, f(dx), f(ds), f(3))
    expect(() => grad(12, 12, 3, null, 12, 3)).not.toThrow()
    expect(() => grad(12, 9, 3, 3, 12, 3)).toThrow(/x has 9 floats; the shape needs 12/)
    expect(() => grad(12, 12, 2, 3, 12, 3)).toThrow(/variance has 2 floats/)
    expect(() => grad(12, 12, 3, 4, 12, 3)).toThrow(/scale has 4 floats/)
    expect(() => grad(12, 12, 3, 3, 11, 3)).toThrow(/dx has 11 floats/)
    expect(() => grad(12, 12, 3, 3, 12, 1)).toThrow(/dscale has 1 floats/)
    expect(() => grad(13, 13, 3, 3, 13, 3)).toThrow(/not whole rows of 3 channels/)
    expect(() => a.batchNormGrad(f(3), f(3), f(3), f(3), null, -1, f(3), f(3), f(3))).toThrow(
      /epsilon must not be negative/,
    )
    await tf.setBackend('wasm')
    const ints = tf.zeros([2, 3], 'int32')
    expect(() => tf.engine().runKernel(BATCH_NORM_STATS, { x: ints })).toThrow(
      /x must be a non-empty float32 tensor with channels last, got int32 \[2, 3\]/,
    )
    ints.dispose()
  })
})
