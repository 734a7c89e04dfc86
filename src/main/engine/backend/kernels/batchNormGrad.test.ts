import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'
import { onStockCpu, onWasm, relativeError, seeded, useWasm } from './compareBackends'

const shape: [number, number, number, number] = [4, 6, 5, 3]

/** Gradients of a batch norm with batch statistics (what training does) w.r.t. x, γ and β. */
function batchNormGrads(): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor4d(seeded(4 * 6 * 5 * 3, 11), shape)
    const gamma = tf.tensor1d([0.5, 1.5, -2])
    const beta = tf.tensor1d([0.1, -0.2, 0.3])
    const r = tf.tensor4d(seeded(4 * 6 * 5 * 3, 12), shape)
    const f = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Scalar => {
      const { mean, variance } = tf.moments(x, [0, 1, 2])
      const y = tf.batchNorm(x, mean, variance, beta as tf.Tensor1D, gamma as tf.Tensor1D, 1e-3)
      return tf.sum(tf.mul(tf.square(y), r))
    }
    return tf.grads(f)([x, gamma, beta])
  }
}

/** A small conv + batch-norm net as tfjs-layers builds it, and its gradients in training mode. */
function layersNetGrads(): () => tf.Tensor[] {
  return () => {
    const input = tfl.input({ shape: [12, 12, 3] })
    let h = tfl.layers
      .conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false })
      .apply(input)
    h = tfl.layers.batchNormalization({ epsilon: 1e-5 }).apply(h)
    h = tfl.layers.activation({ activation: 'relu' }).apply(h)
    const shortcut = h
    h = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }).apply(h)
    h = tfl.layers.batchNormalization({ epsilon: 1e-5 }).apply(h)
    h = tfl.layers.add().apply([h as tfl.SymbolicTensor, shortcut as tfl.SymbolicTensor])
    h = tfl.layers
      .conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu' })
      .apply(h)
    h = tfl.layers.batchNormalization().apply(h)
    h = tfl.layers.conv2d({ filters: 4, kernelSize: 1, strides: 2 }).apply(h)
    h = tfl.layers.globalAveragePooling2d({}).apply(h)
    const out = tfl.layers.dense({ units: 5 }).apply(h) as tfl.SymbolicTensor
    const model = tfl.model({ inputs: input, outputs: out })
    // The same weights on both backends, whatever the initialisers drew.
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 100 + i), w.shape)))
    const x = tf.tensor4d(seeded(6 * 12 * 12 * 3, 13), [6, 12, 12, 3])
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32'), 5)
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const { grads } = tf.variableGrads(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar
    }, variables)
    return variables.map((v) => grads[v.name]!)
  }
}

describe('batch-norm gradient', () => {
  beforeAll(useWasm)

  // tfjs's tape cannot take a batch norm without scale or offset at all (it reads every input
  // of the op, absent ones too), with the stock gradient or ours, so both are always given.
  it("matches tfjs's own for x, scale and offset", async () => {
    const expected = await onStockCpu(batchNormGrads())
    const actual = await onWasm(batchNormGrads())
    expect(actual.length).toBe(3)
    for (const [i, a] of actual.entries()) {
      expect(relativeError(a, expected[i]!)).toBeLessThan(1e-5)
    }
  })

  it('a whole conv + batch-norm net built with tfjs-layers has the same gradients as on cpu', async () => {
    const expected = await onStockCpu(layersNetGrads())
    const actual = await onWasm(layersNetGrads())
    expect(actual.length).toBe(14)
    for (const [i, a] of actual.entries()) {
      expect(relativeError(a, expected[i]!), `weight ${i}`).toBeLessThan(1e-4)
    }
  })
})
