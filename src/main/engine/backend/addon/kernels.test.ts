import * as tf from '@tensorflow/tfjs-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '..'
import { registerTrainingKernels, unregisterTrainingKernels } from '../kernels'
import {
  nativeAddon,
  nativeKernelsActive,
  registerNativeKernels,
  unregisterNativeKernels,
} from './index'
import { relativeError, runOn, seeded } from './testing'

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]]

interface Case {
  batch: number
  size: [number, number]
  cin: number
  cout: number
  kernel: [number, number]
  stride: [number, number]
  pad: Pad
}

const c = (
  batch: number,
  size: [number, number],
  cin: number,
  cout: number,
  kernel: number | [number, number],
  stride: number | [number, number],
  pad: Pad,
): Case => ({
  batch,
  size,
  cin,
  cout,
  kernel: typeof kernel === 'number' ? [kernel, kernel] : kernel,
  stride: typeof stride === 'number' ? [stride, stride] : stride,
  pad,
})

// Odd sizes, batch 1 and several, channel counts off the vector widths (8, 16), kernels 1…7,
// strides 1 and 2, same / valid / explicit padding, plus ResNet-20's own shapes.
const cases: Case[] = [
  c(1, [5, 5], 1, 1, 1, 1, 'valid'),
  c(3, [7, 9], 3, 5, 3, 1, 'same'),
  c(2, [9, 7], 5, 17, 3, 2, 'same'),
  c(1, [11, 10], 4, 33, 5, 1, 'same'),
  c(2, [12, 13], 3, 70, 7, 2, 'same'),
  c(3, [6, 6], 2, 3, 1, 2, 'valid'),
  c(2, [13, 11], 7, 9, 2, 2, 'valid'),
  c(1, [10, 10], 6, 48, 4, 1, 'valid'),
  c(4, [8, 8], 32, 64, 3, 2, 'valid'),
  c(2, [9, 9], 12, 20, 6, 1, 'same'),
  c(2, [7, 8], 3, 10, [3, 5], [1, 2], 'same'),
  c(2, [8, 9], 5, 11, 3, 2, [
    [0, 0],
    [2, 0],
    [1, 3],
    [0, 0],
  ]),
  // Stride 1 with padding beyond the kernel: dx by col2im rather than as a forward conv.
  c(2, [6, 7], 3, 4, 3, 1, [
    [0, 0],
    [3, 1],
    [0, 4],
    [0, 0],
  ]),
  // Windows as large as the input (LeNet's C5): a matrix product over the batch, with a tail.
  c(11, [5, 5], 16, 120, 5, 1, 'valid'),
  c(3, [4, 4], 3, 10, 4, 2, 'valid'),
  c(5, [16, 16], 16, 16, 3, 1, 'same'),
  c(2, [9, 9], 16, 12, 3, 2, 'same'),
  c(3, [16, 16], 16, 32, 3, 2, 'same'),
  c(2, [8, 8], 64, 64, 3, 1, 'same'),
]

const label = (k: Case) =>
  `${k.batch}×${k.size.join('×')}×${k.cin} → ${k.cout}, ${k.kernel.join('×')} stride ` +
  `${k.stride.join(',')} ${typeof k.pad === 'string' ? k.pad : JSON.stringify(k.pad)}`

/** Forward (plain and fused bias+relu), dx and dw of one case on one backend. */
function convAndGradients(k: Case): () => tf.Tensor[] {
  return () => {
    const [h, w] = k.size
    const x = tf.tensor4d(seeded(k.batch * h * w * k.cin, 1), [k.batch, h, w, k.cin])
    const filter = tf.tensor4d(seeded(k.kernel[0] * k.kernel[1] * k.cin * k.cout, 2), [
      ...k.kernel,
      k.cin,
      k.cout,
    ])
    const bias = tf.tensor1d(seeded(k.cout, 3))
    const y = tf.conv2d(x, filter, k.stride, k.pad)
    const fused = tf.fused.conv2d({
      x,
      filter,
      bias,
      strides: k.stride,
      pad: k.pad,
      activation: 'relu',
    })
    const dy = tf.tensor(seeded(y.size, 4), y.shape)
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, k.stride, k.pad), dy)),
    )([x, filter])
    return [y, fused, dx!, dw!]
  }
}

const TOLERANCE = 1e-4

beforeAll(async () => {
  const info = await initBackend('wasm')
  const load = nativeAddon()
  // The addon is built by `npm ci`; a test run without it must say why, not pass quietly.
  expect(load.ok ? 'loaded' : load.reason).toBe('loaded')
  expect(info.detail).toMatch(/native kernels \((avx512|avx2|portable), \d+ threads?: Conv2D/)
  expect(nativeKernelsActive('wasm')).toBe(true)
}, 60_000)

afterAll(() => {
  const load = nativeAddon()
  if (load.ok) load.addon.configure('auto', 0)
})

const isas = (): string[] => {
  const load = nativeAddon()
  return load.ok ? load.info.available.split(',') : []
}

describe('native convolution kernels on wasm against the stock cpu backend', () => {
  for (const isa of ['avx512', 'avx2', 'portable']) {
    it(`${isa}: forward, fused bias+relu, input and filter gradients match to 1e-4`, async (ctx) => {
      const load = nativeAddon()
      if (!load.ok) throw new Error(load.reason)
      if (!isas().includes(isa)) ctx.skip(`this CPU cannot run ${isa}`)
      load.addon.configure(isa, 0)
      for (const k of cases) {
        const native = await runOn('wasm', convAndGradients(k))
        const stock = await runOn('cpu', convAndGradients(k))
        const errors = native.map((a, i) => relativeError(a, stock[i]!))
        const names = ['conv', 'fused bias+relu', 'dx', 'dw']
        expect(
          Object.fromEntries(names.map((n, i) => [n, errors[i]! <= TOLERANCE ? 'ok' : errors[i]])),
          label(k),
        ).toEqual(Object.fromEntries(names.map((n) => [n, 'ok'])))
      }
    }, 120_000)
  }

  it('one thread gives the same numbers as several', async () => {
    const load = nativeAddon()
    if (!load.ok) throw new Error(load.reason)
    const k = cases[2]!
    load.addon.configure('auto', 1)
    const one = await runOn('wasm', convAndGradients(k))
    load.addon.configure('auto', 0)
    const many = await runOn('wasm', convAndGradients(k))
    // The filter gradient sums per-thread partials, so only rounding may differ.
    one.forEach((a, i) => expect(relativeError(a, many[i]!)).toBeLessThan(1e-6))
  })

  it('do the same on the cpu backend, reading its typed arrays', async () => {
    for (const k of [cases[1]!, cases[8]!, cases[11]!]) {
      const stock = await runOn('cpu', convAndGradients(k))
      expect(registerNativeKernels('cpu')).toMatch(/^native kernels/)
      try {
        const native = await runOn('cpu', convAndGradients(k))
        native.forEach((a, i) =>
          expect(relativeError(a, stock[i]!), label(k)).toBeLessThan(TOLERANCE),
        )
      } finally {
        unregisterNativeKernels('cpu')
      }
    }
  })

  it('leaves dilated convs and prelu to the kernels behind it, with the same results', async () => {
    const dilated = () => {
      const x = tf.tensor4d(seeded(2 * 9 * 9 * 3, 5), [2, 9, 9, 3])
      const w = tf.tensor4d(seeded(3 * 3 * 3 * 4, 6), [3, 3, 3, 4])
      const alpha = tf.tensor1d(seeded(4, 7))
      return [
        tf.conv2d(x, w, 1, 'same', 'NHWC', 2),
        tf.fused.conv2d({
          x,
          filter: w,
          strides: 1,
          pad: 'valid',
          activation: 'prelu',
          preluActivationWeights: alpha,
        }),
      ]
    }
    const native = await runOn('wasm', dilated)
    const stock = await runOn('cpu', dilated)
    native.forEach((a, i) => expect(relativeError(a, stock[i]!)).toBeLessThan(TOLERANCE))
  })

  it('refuses mismatched buffers with a clear error instead of reading past them', () => {
    const load = nativeAddon()
    if (!load.ok) throw new Error(load.reason)
    const shape = [1, 4, 4, 2, 4, 4, 3, 1, 1, 1, 1, 0, 0]
    const x = new Float32Array(32)
    const w = new Float32Array(6)
    expect(() => load.addon.forward(shape, x, w, null, new Float32Array(47), false)).toThrow(
      /y has 47 floats; the shape needs 48/,
    )
    expect(() => load.addon.filter(shape.slice(0, 12), x, x, w)).toThrow(/shape must be/)
    expect(() =>
      load.addon.input([1, 4, 4, 2, 9, 4, 3, 1, 1, 1, 1, 0, 0], new Float32Array(108), w, x),
    ).toThrow(/output larger than the input allows/)
    expect(() =>
      load.addon.forward(shape, new Int32Array(32) as never, w, null, new Float32Array(48), false),
    ).toThrow(/x must be a Float32Array/)
  })

  it('can be taken out and put back, in either order with the training kernels', () => {
    const before = tf.getKernel('FusedConv2D', 'wasm')
    unregisterNativeKernels('wasm')
    const stockFused = tf.getKernel('FusedConv2D', 'wasm')
    expect(nativeKernelsActive('wasm')).toBe(false)
    expect(tf.getKernel('FusedConv2D', 'wasm')).not.toBe(before)
    expect(registerNativeKernels('wasm')).toMatch(/^native kernels/)
    expect(nativeKernelsActive('wasm')).toBe(true)
    // The training kernels swapped out and in again under ours: registering puts ours in front.
    unregisterTrainingKernels('wasm')
    registerTrainingKernels('wasm')
    expect(nativeKernelsActive('wasm')).toBe(false)
    registerNativeKernels('wasm')
    expect(nativeKernelsActive('wasm')).toBe(true)
    // Undone in either order, the stock kernels are back (wasm has no filter gradient).
    unregisterTrainingKernels('wasm')
    unregisterNativeKernels('wasm')
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined()
    expect(tf.getKernel('FusedConv2D', 'wasm')).toBe(stockFused)
  })
})
