import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]]

interface Case {
  x: [number, number, number, number]
  k: [number, number]
  cout: number
  stride: number | [number, number]
  pad: Pad
}

const cases: Case[] = []
for (const k of [1, 2, 3, 5, 7]) {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      cases.push({ x: [2, 11, 9, 3], k: [k, k], cout: 4, stride, pad })
    }
  }
}
// Non-square kernels and strides, odd sizes, explicit padding wider than the kernel (the
// backward sweeps then need negative padding), a single image, many channels.
cases.push({ x: [1, 13, 7, 5], k: [3, 1], cout: 6, stride: [2, 1], pad: 'same' })
cases.push({ x: [3, 8, 10, 2], k: [1, 5], cout: 3, stride: [1, 3], pad: 'valid' })
cases.push({
  x: [2, 9, 9, 3],
  k: [2, 2],
  cout: 4,
  stride: 1,
  pad: [
    [0, 0],
    [3, 1],
    [0, 2],
    [0, 0],
  ],
})
cases.push({
  x: [2, 10, 10, 3],
  k: [3, 3],
  cout: 5,
  stride: 2,
  pad: [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ],
})
cases.push({ x: [2, 6, 6, 32], k: [3, 3], cout: 16, stride: 1, pad: 'same' })
// A window as large as its input (LeNet's C5): the gradients become matrix products.
cases.push({ x: [6, 5, 5, 16], k: [5, 5], cout: 12, stride: 1, pad: 'valid' })
cases.push({ x: [3, 4, 3, 2], k: [4, 3], cout: 5, stride: 2, pad: 'valid' })
cases.push({ x: [4, 8, 8, 16], k: [1, 1], cout: 32, stride: 2, pad: 'valid' })

function name(c: Case): string {
  const pad = typeof c.pad === 'string' ? c.pad : `explicit ${JSON.stringify(c.pad.slice(1, 3))}`
  return `x ${c.x.join('×')}, kernel ${c.k.join('×')}→${c.cout}, stride ${String(c.stride)}, ${pad}`
}

/** dx and dW of Σ conv(x, W)·R (R random, so dy is not uniform), plain or fused with bias+relu. */
function gradients(c: Case, fused: boolean): () => tf.Tensor[] {
  const [kh, kw] = c.k
  const cin = c.x[3]
  const xs = seeded(
    c.x.reduce((a, b) => a * b),
    1,
  )
  const ws = seeded(kh * kw * cin * c.cout, 2)
  const bs = seeded(c.cout, 3)
  return () => {
    const x = tf.tensor4d(xs, c.x)
    const w = tf.tensor4d(ws, [kh, kw, cin, c.cout])
    const b = tf.tensor1d(bs)
    const loss = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D): tf.Scalar => {
      const y = fused
        ? tf.fused.conv2d({
            x,
            filter: w,
            strides: c.stride,
            pad: c.pad,
            bias: b,
            activation: 'relu',
          })
        : tf.conv2d(x, w, c.stride, c.pad)
      const r = tf.tensor(seeded(y.size, 4), y.shape)
      return tf.sum(tf.mul(y, r))
    }
    if (fused) {
      const grads = tf.grads((x, w, b) =>
        loss(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D),
      )
      return grads([x, w, b])
    }
    return tf.grads((x, w) => loss(x as tf.Tensor4D, w as tf.Tensor4D, b))([x, w])
  }
}

describe('convolution gradients on wasm match the cpu backend', () => {
  beforeAll(useWasm)

  for (const fused of [false, true]) {
    for (const c of cases) {
      it(`${fused ? 'fused' : 'plain'} conv: ${name(c)}`, async () => {
        const expected = await onStockCpu(gradients(c, fused))
        const actual = await onWasm(gradients(c, fused))
        for (const [i, label] of ['dx', 'dW', 'db'].slice(0, actual.length).entries()) {
          const error = relativeError(actual[i]!, expected[i]!)
          expect(error, `${label} relative error`).toBeLessThan(1e-5)
        }
      })
    }
  }

  it('the wasm backend trains convolutions through its own kernels', async () => {
    // Guard against a silent fallback: with the kernels unregistered the filter gradient
    // is missing on wasm, which is why they exist.
    const names = tf.getKernelsForBackend('wasm').map((k) => k.kernelName)
    expect(names).toContain('Conv2DBackpropFilter')
    expect(names).toContain('Conv2DBackpropInput')
  })
})
