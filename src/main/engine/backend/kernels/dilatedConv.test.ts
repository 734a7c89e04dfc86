import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'
import { filterGradient } from './conv2dBackpropFilter'
import { inputGradient } from './conv2dBackpropInput'
import { forwardConvInfo } from './convGeometry'
import { type KernelBackendLike, withScratch } from './scratch'

// tfjs's conv2d gradient refuses dilation > 1, so no op reaches these paths yet; the kernels
// support it anyway. Reference: a dilated k×k conv is a plain conv with the kernel spread
// to (k−1)·d+1 with zeros, so dx is the same and dW is that conv's dW at the kernel taps.

interface Case {
  x: [number, number, number, number]
  k: number
  d: number
  pad: 'same' | 'valid'
}
const cases: Case[] = [
  { x: [2, 9, 9, 3], k: 3, d: 2, pad: 'same' },
  { x: [2, 11, 8, 2], k: 3, d: 3, pad: 'valid' },
  { x: [1, 12, 12, 4], k: 2, d: 2, pad: 'same' },
]

describe('dilated convolution gradients', () => {
  beforeAll(useWasm)

  for (const c of cases) {
    it(`kernel ${c.k}, dilation ${c.d}, ${c.pad}, x ${c.x.join('×')}`, async () => {
      const cin = c.x[3]
      const cout = 3
      const span = (c.k - 1) * c.d + 1
      const xs = seeded(
        c.x.reduce((a, b) => a * b),
        5,
      )
      const ws = seeded(c.k * c.k * cin * cout, 6)
      const spread = new Float32Array(span * span * cin * cout)
      for (let i = 0; i < c.k; i++)
        for (let j = 0; j < c.k; j++)
          for (let q = 0; q < cin * cout; q++) {
            spread[(i * c.d * span + j * c.d) * cin * cout + q] =
              ws[(i * c.k + j) * cin * cout + q] ?? 0
          }
      const [rows, cols] = tf.tidy(() => {
        const y = tf.conv2d(
          tf.tensor4d(xs, c.x),
          tf.tensor4d(spread, [span, span, cin, cout]),
          1,
          c.pad,
        )
        return [y.shape[1], y.shape[2]]
      })
      const rs = seeded(c.x[0] * rows * cols * cout, 7)

      const [dxRef, dWSpread] = await onStockCpu(() => {
        const x = tf.tensor4d(xs, c.x)
        const w = tf.tensor4d(spread, [span, span, cin, cout])
        const r = tf.tensor4d(rs, [c.x[0], rows, cols, cout])
        return tf.grads((x, w) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad), r)),
        )([x, w])
      })
      const dWRef = new Float32Array(ws.length)
      for (let i = 0; i < c.k; i++)
        for (let j = 0; j < c.k; j++)
          for (let q = 0; q < cin * cout; q++) {
            dWRef[(i * c.k + j) * cin * cout + q] =
              dWSpread![(i * c.d * span + j * c.d) * cin * cout + q] ?? 0
          }

      const [dx, dW] = await onWasm(() => {
        const x = tf.tensor4d(xs, c.x)
        const w = tf.tensor4d(ws, [c.k, c.k, cin, cout])
        const dy = tf.tensor4d(rs, [c.x[0], rows, cols, cout])
        const info = forwardConvInfo(x.shape, w.shape, 1, c.pad, undefined, 'NHWC', c.d)
        const backend = tf.backend() as unknown as KernelBackendLike
        const engine = tf.engine()
        return [
          engine.makeTensorFromTensorInfo(
            withScratch(backend, 'wasm', (run) => inputGradient(run, dy, w, info)),
          ),
          engine.makeTensorFromTensorInfo(
            withScratch(backend, 'wasm', (run) => filterGradient(run, x, dy, info)),
          ),
        ]
      })
      expect(relativeError(dx!, dxRef!)).toBeLessThan(1e-5)
      expect(relativeError(dW!, dWRef)).toBeLessThan(1e-5)
    })
  }
})
