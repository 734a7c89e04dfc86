import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it, vi } from 'vitest'
import {
  NATIVE_ELEMENTWISE_KERNELS,
  NATIVE_MIN_ELEMENTS,
  nativeAddon,
  nativeKernelsActive,
  registerNativeKernels,
  spanOver,
  unregisterNativeKernels,
} from './index'
import type { NativeAddon } from './index'
import { nativeWasmSuite, relativeError, runOn, seeded } from './testing'

const suite = nativeWasmSuite()

/** Seeded values in [-1, 1) with a few exact zeros and a NaN, as activations have. */
function values(n: number, seed: number, nan = false): Float32Array {
  const v = seeded(n, seed)
  for (let i = 5; i < n; i += 97) v[i] = 0
  if (nan && n > 10) v[7] = NaN
  return v
}

const t = (shape: number[], seed: number, nan = false) =>
  tf.tensor(
    values(
      shape.reduce((a, d) => a * d, 1),
      seed,
      nan,
    ),
    shape,
  )

/** Runs fn on wasm (native kernels) and the stock cpu backend; counts the addon's calls. */
async function both(
  fn: () => tf.Tensor[],
  method: keyof NativeAddon,
): Promise<{ native: Float32Array[]; stock: Float32Array[]; calls: number }> {
  const spy = vi.spyOn(suite.addon, method)
  const native = await runOn('wasm', fn)
  const calls = spy.mock.calls.length
  spy.mockRestore()
  const stock = await runOn('cpu', fn)
  return { native, stock, calls }
}

/** Bit-for-bit equality (NaN equal to NaN), reporting the first difference. */
function expectExact(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, label).toBe(expected.length)
  const i = actual.findIndex((v, k) => !Object.is(v, expected[k]))
  expect(i === -1 ? 'equal' : `[${i}]: ${actual[i]} vs ${expected[i]}`, label).toBe('equal')
}

/** relativeError over the values that are not equal already (NaN to NaN, ±∞ to ±∞). */
function nanAwareError(actual: Float32Array, expected: Float32Array): number {
  const same = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y))
  const clean = (v: Float32Array, w: Float32Array) => v.map((x, i) => (same(x, w[i]!) ? 0 : x))
  return relativeError(clean(actual, expected), clean(expected, actual))
}

// NHWC shapes: odd sizes, channel counts off the vector widths, around the threshold (16384).
const big = [
  [2, 9, 13, 70], // 16380: just under the threshold, wasm's own kernels
  [1, 128, 128, 1], // 16384: exactly at it, one channel
  [3, 37, 41, 5], // 22755
  [2, 32, 32, 16],
  [5, 17, 19, 33],
  [1, 64, 65, 3], // 12480: under
  [4, 31, 33, 17],
]
const over = (shape: number[]) => shape.reduce((a, d) => a * d, 1) >= NATIVE_MIN_ELEMENTS

describe('native elementwise kernels on wasm against the stock cpu backend', () => {
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
  ]
  for (const [name, op] of ops) {
    it(`${name}: same shape, per-channel and scalar operands on either side, exact`, async () => {
      for (const shape of big) {
        const c = shape[3]!
        const cases: [string, () => tf.Tensor[]][] = [
          ['same', () => [op(t(shape, 1, true), t(shape, 2))]],
          ['[C] right', () => [op(t(shape, 3), t([c], 4))]],
          ['[C] left', () => [op(t([c], 5), t(shape, 6))]],
          ['[1,1,1,C] right', () => [op(t(shape, 7), t([1, 1, 1, c], 8))]],
          ['[1,1,1,C] left', () => [op(t([1, 1, 1, c], 9), t(shape, 10))]],
          ['scalar right', () => [op(t(shape, 11), tf.scalar(0.37))]],
          ['scalar left', () => [op(tf.scalar(-1.5), t(shape, 12))]],
        ]
        for (const [label, fn] of cases) {
          const { native, stock, calls } = await both(fn, 'binary')
          const what = `${name} ${label} ${JSON.stringify(shape)}`
          expect(calls, what).toBe(over(shape) ? 1 : 0)
          if (calls > 0) expectExact(native[0]!, stock[0]!, what)
          else expect(nanAwareError(native[0]!, stock[0]!), what).toBeLessThan(1e-6)
        }
      }
    }, 60_000)
  }

  it('square, relu and step (relu’s gradient) exactly, NaN and zeros included', async () => {
    for (const shape of big) {
      const fns: [string, () => tf.Tensor[]][] = [
        ['square', () => [tf.square(t(shape, 13, true))]],
        ['relu', () => [tf.relu(t(shape, 14, true))]],
        ['step', () => [tf.step(t(shape, 15, true))]],
        ['step alpha', () => [tf.step(t(shape, 16, true), 0.25)]],
        ['relu gradient', () => [tf.grad((x: tf.Tensor) => tf.relu(x))(t(shape, 17))]],
      ]
      for (const [label, fn] of fns) {
        const { native, stock, calls } = await both(fn, 'unary')
        const what = `${label} ${JSON.stringify(shape)}`
        // The gradient runs relu forward, then step.
        expect(calls, what).toBe(over(shape) ? (label === 'relu gradient' ? 2 : 1) : 0)
        if (calls > 0) expectExact(native[0]!, stock[0]!, what)
      }
    }
  }, 60_000)

  it('per-channel Sum and Mean over all but the last axis to 1e-5, keepDims or not', async () => {
    for (const shape of big) {
      const fn = () => {
        const x = t(shape, 18)
        return [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.sum(x, [2, 0, 1], true)]
      }
      const { native, stock, calls } = await both(fn, 'channelSum')
      expect(calls).toBe(over(shape) ? 3 : 0)
      native.forEach((a, i) =>
        expect(relativeError(a, stock[i]!), JSON.stringify(shape)).toBeLessThan(1e-5),
      )
    }
    // Rank 2 ([rows, C]) is per-channel too; other axes are left to wasm.
    const other = () => {
      const x = t([3000, 7], 19)
      const y = t([4, 16, 16, 16], 20)
      return [tf.sum(x, 0), tf.sum(y, [1, 2]), tf.mean(y, 3), tf.sum(y)]
    }
    const { native, stock, calls } = await both(other, 'channelSum')
    expect(calls).toBe(1)
    native.forEach((a, i) => expect(relativeError(a, stock[i]!)).toBeLessThan(1e-5))
  }, 60_000)

  it('FusedBatchNorm per channel to 1e-5, with and without offset and scale', async () => {
    for (const shape of big) {
      const c = shape[3]!
      const fn = () => {
        const x = t(shape, 21)
        const mean = t([c], 22)
        const variance = tf.abs(t([c], 23))
        const offset = t([c], 24)
        const scale = t([c], 25)
        return [
          tf.batchNorm(x, mean, variance, offset, scale, 1e-3),
          tf.batchNorm(
            x,
            tf.reshape(mean, [1, 1, 1, c]),
            tf.reshape(variance, [1, 1, 1, c]),
            undefined,
            undefined,
            0.1,
          ),
        ]
      }
      const { native, stock, calls } = await both(fn, 'batchNorm')
      expect(calls).toBe(over(shape) ? 2 : 0)
      native.forEach((a, i) =>
        expect(relativeError(a, stock[i]!), JSON.stringify(shape)).toBeLessThan(1e-5),
      )
    }
  }, 60_000)

  it('ZerosLike fills zeros; other broadcasts and dtypes are left to wasm', async () => {
    const fn = () => [
      tf.zerosLike(t([4, 32, 32, 8], 26)),
      tf.add(t([8, 8, 8, 64], 27), t([8, 1, 1, 64], 28)),
      tf.mul(t([8, 8, 8, 64], 29), t([8, 64], 30)),
      tf.cast(tf.add(tf.ones([64, 512], 'int32'), tf.ones([512], 'int32')), 'float32'),
    ]
    const spies = (['fill', 'binary'] as const).map((m) => vi.spyOn(suite.addon, m))
    const native = await runOn('wasm', fn)
    expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 0])
    spies.forEach((s) => s.mockRestore())
    const stock = await runOn('cpu', fn)
    native.forEach((a, i) => expectExact(a, stock[i]!, `output ${i}`))
  })

  it('one thread gives the same bits as two or five', async () => {
    // Big enough for the pool (the addon keeps jobs under 524,288 floats on one thread).
    const shape = [16, 32, 32, 40]
    const fn = () => {
      const x = t(shape, 31)
      const c = t([40], 32)
      return [
        tf.sum(x, [0, 1, 2]),
        tf.mean(x, [0, 1, 2]),
        tf.batchNorm(x, c, tf.abs(c), c, c, 1e-3),
        tf.sub(c, x),
        tf.step(x),
      ]
    }
    const runs: Float32Array[][] = []
    for (const threads of [1, 2, 5]) {
      suite.addon.configure('auto', threads)
      runs.push(await runOn('wasm', fn))
    }
    suite.addon.configure('auto', 0)
    for (const run of runs.slice(1)) run.forEach((a, i) => expectExact(a, runs[0]![i]!, `${i}`))
  })

  it('the portable and AVX2 loops give the same bits', async (ctx) => {
    const load = nativeAddon()
    if (!load.ok || !load.info.available.includes('avx2')) ctx.skip('this CPU has no AVX2')
    const shape = [3, 29, 31, 20]
    const fn = () => {
      const x = t(shape, 33, true)
      const c = t([20], 34)
      return [
        tf.sum(x, [0, 1, 2]),
        tf.batchNorm(x, c, tf.abs(c), c, c, 1e-3),
        tf.div(c, x),
        tf.mul(x, t(shape, 35)),
        tf.relu(x),
        tf.step(x, 0.5),
      ]
    }
    const runs: Float32Array[][] = []
    for (const isa of ['portable', 'avx2']) {
      expect(suite.addon.configure(isa, 0).elementwise).toBe(isa)
      runs.push(await runOn('wasm', fn))
    }
    suite.addon.configure('auto', 0)
    runs[1]!.forEach((a, i) => expectExact(a, runs[0]![i]!, `${i}`))
  })

  it('refuses mismatched buffers and unknown ops with a clear error', () => {
    const f = (n: number) => new Float32Array(n)
    expect(() => suite.addon.binary('add', f(12), f(5), f(12), 4)).toThrow(
      /b has 5 floats; the output has 12 and 4 channels/,
    )
    expect(() => suite.addon.binary('add', f(4), f(1), f(12), 4)).toThrow(/as long as out/)
    expect(() => suite.addon.binary('pow' as never, f(4), f(4), f(4), 1)).toThrow(
      /unknown binary op pow/,
    )
    expect(() => suite.addon.binary('add', f(4), f(4), f(4), 0)).toThrow(/channels must be a whole/)
    expect(() => suite.addon.unary('square', f(4), f(3), 0)).toThrow(/out has 3 floats/)
    expect(() => suite.addon.unary('exp' as never, f(4), f(4), 0)).toThrow(/unknown unary op exp/)
    expect(() => suite.addon.channelSum(f(10), 3, f(3), 1)).toThrow(/not whole rows of 3/)
    expect(() => suite.addon.batchNorm(f(8), f(4), f(3), null, null, 1e-3, f(8))).toThrow(
      /variance has 3 floats/,
    )
    expect(() => suite.addon.fill(new Int32Array(4) as never, 0)).toThrow(
      /out must be a Float32Array/,
    )
  })

  it('says which operand spans the output how', () => {
    expect(spanOver([16], [2, 4, 4, 16])).toBe('channel')
    expect(spanOver([1, 1, 1, 16], [2, 4, 4, 16])).toBe('channel')
    expect(spanOver([1, 1], [2, 4, 4, 16])).toBe('scalar')
    expect(spanOver([2, 1, 1, 16], [2, 4, 4, 16])).toBeNull()
    expect(spanOver([8], [2, 4, 4, 16])).toBeNull()
    expect(spanOver([1, 1, 1, 1, 16], [2, 4, 4, 16])).toBeNull()
  })

  it('restores the kernels behind them when taken out', () => {
    const before = NATIVE_ELEMENTWISE_KERNELS.map((k) => tf.getKernel(k, 'wasm'))
    unregisterNativeKernels('wasm')
    const behind = NATIVE_ELEMENTWISE_KERNELS.map((k) => tf.getKernel(k, 'wasm'))
    behind.forEach((k, i) => expect(k, NATIVE_ELEMENTWISE_KERNELS[i]).not.toBe(before[i]))
    expect(registerNativeKernels('wasm')).toMatch(
      /Conv2DBackpropInput, Add, Sub, .*ZerosLike, Tanh, BlockwiseTanhGrad, AvgPool, AvgPoolGrad, BatchMatMul, _FusedMatMul, BlockwiseBatchNormStats, BlockwiseBatchNormGrad\)$/,
    )
    const again = NATIVE_ELEMENTWISE_KERNELS.map((k) => tf.getKernel(k, 'wasm'))
    // Ours again in front, each built over the same kernel as before.
    again.forEach((k, i) => expect(k?.kernelName).toBe(before[i]?.kernelName))
    unregisterNativeKernels('wasm')
    NATIVE_ELEMENTWISE_KERNELS.forEach((k, i) => expect(tf.getKernel(k, 'wasm')).toBe(behind[i]))
    registerNativeKernels('wasm')
    expect(nativeKernelsActive('wasm')).toBe(true)
  })
})
