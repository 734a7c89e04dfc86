import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import {
  BATCH_NORM_GRAD,
  nativeAddon,
  registerNativeKernels,
  unregisterNativeKernels,
} from '../backend/addon/index'
import { compile } from '../compile'
import { expand } from '../../../shared/graph'
import { getTemplate } from '../../../shared/templates'
import { TrainingBatchNorm, batchNormTraining } from './trainingBatchNorm'

/** Values in [-1, 1) that are the same run after run, shifted and scaled. */
const seeded = (n: number, seed: number, scale = 1, shift = 0) =>
  Float32Array.from(
    { length: n },
    (_, i) => shift + scale * (Math.sin(seed * 1000 + i * 12.9898) % 1),
  )

/** The largest |a − b| relative to max(1, |b|) over all elements. */
async function maxRelDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape)
  const [av, bv] = await Promise.all([a.data(), b.data()])
  let worst = 0
  for (let i = 0; i < av.length; i++) {
    worst = Math.max(worst, Math.abs(av[i]! - bv[i]!) / Math.max(1, Math.abs(bv[i]!)))
  }
  return worst
}

/** tfjs's own training batch norm: moments, then the fused op. */
function composed(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number) {
  const { mean, variance } = tf.moments(x, [0, 1, 2])
  return tf.batchNorm(x, mean, variance, beta, gamma, eps)
}

/** y, and the gradients of Σ(y·w) for x, γ, β, by `f`. */
function run(
  f: (x: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor,
  x: tf.Tensor4D,
  g: tf.Tensor1D,
  b: tf.Tensor1D,
  w: tf.Tensor,
) {
  const y = f(x, g, b)
  const grads = tf.grads((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) =>
    tf.sum(tf.mul(f(xi as tf.Tensor4D, gi as tf.Tensor1D, bi as tf.Tensor1D), w)),
  )([x, g, b])
  return [y, ...grads]
}

/** A small net: conv → batch norm (fused or stock, same weights) → relu → dense. */
function net(fused: boolean) {
  const input = tfl.input({ shape: [7, 5, 3] })
  let h = tfl.layers
    .conv2d({ filters: 6, kernelSize: 3, padding: 'same', name: 'conv' })
    .apply(input) as tfl.SymbolicTensor
  const args = { name: 'bn', axis: -1, momentum: 0.9, epsilon: 1e-5 }
  const bn = fused ? new TrainingBatchNorm(args) : tfl.layers.batchNormalization(args)
  h = bn.apply(h) as tfl.SymbolicTensor
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor
  const out = tfl.layers.dense({ units: 4, name: 'out' }).apply(h) as tfl.SymbolicTensor
  const model = tfl.model({ inputs: input, outputs: out })
  // Gamma and the moving variance positive, everything else around zero.
  const positive = (name: string) => /gamma|moving_variance/.test(name)
  const names = model.weights.map((v) => v.name)
  model.setWeights(
    model
      .getWeights()
      .map((w, i) => tf.tensor(seeded(w.size, i + 1, 0.5, positive(names[i]!) ? 1 : 0), w.shape)),
  )
  return model
}

/**
 * Every backend the layer trains on here: cpu (tfjs ops), wasm with the native kernels (the
 * batch-norm kernels, where the addon is built) and wasm without them (tfjs ops again).
 */
const backends: [string, { wasm: boolean; addon: boolean }][] = [
  ['cpu', { wasm: false, addon: false }],
  ['wasm, native kernels', { wasm: true, addon: true }],
  ['wasm, no native kernels', { wasm: true, addon: false }],
]

describe.each(backends)('batchNormTraining on %s', (_, setup) => {
  beforeAll(async () => {
    if (!setup.wasm) {
      await tf.setBackend('cpu')
      Object.assign(tf.backend(), { firstUse: false })
      return
    }
    await initBackend('wasm')
    if (!setup.addon) unregisterNativeKernels('wasm')
    // Where the addon is built, the native case must really run the native kernels.
    const native = setup.addon && nativeAddon().ok
    expect(tf.getKernel(BATCH_NORM_GRAD, 'wasm') !== undefined).toBe(native)
  }, 60_000)
  afterAll(() => {
    if (setup.wasm && !setup.addon) registerNativeKernels('wasm')
  })

  it.each([
    [3, 5, 7, 1],
    [2, 3, 3, 6],
    [5, 4, 3, 17],
    [1, 9, 11, 32],
  ])('matches tfjs forward and gradients for x %i×%i×%i×%i', async (n, h, w, c) => {
    const eps = 1e-3
    const x = tf.tensor4d(seeded(n * h * w * c, 1, 3, 2), [n, h, w, c])
    const g = tf.tensor1d(seeded(c, 2, 1, 1.5))
    const b = tf.tensor1d(seeded(c, 3))
    const wt = tf.tensor4d(seeded(n * h * w * c, 4), [n, h, w, c])
    const ours = run(
      (xi, gi, bi) => batchNormTraining(xi, gi, bi, eps, (m, v) => tf.dispose([m, v])),
      x,
      g,
      b,
      wt,
    )
    const theirs = run((xi, gi, bi) => composed(xi, gi, bi, eps), x, g, b, wt)
    for (const [i, name] of ['y', 'dx', 'dgamma', 'dbeta'].entries()) {
      expect(await maxRelDiff(ours[i]!, theirs[i]!), name).toBeLessThan(1e-4)
    }
    tf.dispose([x, g, b, wt, ...ours, ...theirs])
  })

  it('keeps moving statistics and weights equal to the stock layer over training steps', async () => {
    const fused = net(true)
    const stock = net(false)
    const x = tf.tensor4d(seeded(6 * 7 * 5 * 3, 5, 2, 0.5), [6, 7, 5, 3])
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4)
    for (const model of [fused, stock]) {
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' })
      for (let i = 0; i < 4; i++) await model.trainOnBatch(x, y)
    }
    const names = fused.weights.map((v) => v.name)
    expect(names.some((n) => n.includes('moving_variance'))).toBe(true)
    const [fw, sw] = [fused.getWeights(), stock.getWeights()]
    // This loss climbs (1.3 → 5.8 over the four steps), so rounding differences grow tenfold a
    // step. wasm's sums run in other orders than cpu's (XNNPACK pools for means, the addon's
    // blocks): there the stock layer itself ends 4e-2 from cpu's in predictions and 3e-3 in
    // weights, and the two layers land 3e-4 / 1e-2 apart (with or without the native kernels).
    const [weightTolerance, predictTolerance] = setup.wasm ? [1e-3, 2e-2] : [1e-4, 1e-3]
    for (let i = 0; i < fw.length; i++) {
      expect(await maxRelDiff(fw[i]!, sw[i]!), names[i]).toBeLessThan(weightTolerance)
    }
    // Moving statistics moved off their initial zeros/ones.
    const movingMean = fused.getLayer('bn').getWeights()[2]!
    expect(Math.max(...(await movingMean.data()).map(Math.abs))).toBeGreaterThan(1e-3)
    const [pf, ps] = [fused.predict(x) as tf.Tensor, stock.predict(x) as tf.Tensor]
    expect(await maxRelDiff(pf, ps)).toBeLessThan(predictTolerance)
    tf.dispose([x, y, pf, ps])
    fused.dispose()
    stock.dispose()
  })

  it('trains outside a gradient tape too, leaking no tensors', async () => {
    const fused = net(true)
    const stock = net(false)
    const x = tf.tensor4d(seeded(4 * 7 * 5 * 3, 7, 2, 1), [4, 7, 5, 3])
    const apply = (m: tfl.LayersModel) => tf.dispose(m.apply(x, { training: true }) as tf.Tensor)
    apply(fused)
    apply(stock)
    const before = tf.memory().numTensors
    apply(fused)
    expect(tf.memory().numTensors).toBe(before)
    apply(stock)
    const [fw, sw] = [fused.getWeights(), stock.getWeights()]
    for (let i = 0; i < fw.length; i++) expect(await maxRelDiff(fw[i]!, sw[i]!)).toBeLessThan(1e-5)
    tf.dispose(x)
    fused.dispose()
    stock.dispose()
  })

  it('saves as a stock BatchNormalization that reloads and predicts the same', async () => {
    const model = net(true)
    const x = tf.tensor4d(seeded(2 * 7 * 5 * 3, 6), [2, 7, 5, 3])
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' })
    await model.trainOnBatch(x, tf.zeros([2, 4]))
    let saved: tf.io.ModelArtifacts | undefined
    await model.save(
      tf.io.withSaveHandler(
        async (a) => (
          (saved = a),
          { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
        ),
      ),
    )
    expect(JSON.stringify(saved!.modelTopology)).toContain('"class_name":"BatchNormalization"')
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!))
    expect(loaded.getLayer('bn')).not.toBeInstanceOf(TrainingBatchNorm)
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor]
    expect(await maxRelDiff(a, b)).toBe(0)
    tf.dispose([x, a, b])
    model.dispose()
    loaded.dispose()
  })

  it('builds every batch norm of ResNet-20 as the fused layer', () => {
    const { model } = compile(expand(getTemplate('cifar-resnet20')!.build()), { seed: 1 })
    const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization')
    expect(bns.length).toBeGreaterThan(0)
    expect(bns.every((l) => l instanceof TrainingBatchNorm)).toBe(true)
    model.dispose()
  })
})
