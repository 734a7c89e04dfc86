import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'
import { compile } from '../compile'
import { expand } from '../../../shared/graph'
import { getTemplate } from '../../../shared/templates'
import { InputConv2D, needsNoGradient } from './inputConv2d'

/** Values in [-1, 1) that are the same run after run. */
const seeded = (n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i * 12.9898) % 1)

/** input → conv (lean or stock, same weights) → tanh → conv → flatten → dense, for comparison. */
function net(lean: boolean) {
  const input = tfl.input({ shape: [9, 8, 2] })
  const args = { filters: 3, kernelSize: 3, strides: 2, padding: 'same' as const, name: 'first' }
  const first = lean ? new InputConv2D(args) : tfl.layers.conv2d(args)
  let x = first.apply(input) as tfl.SymbolicTensor
  x = tfl.layers.activation({ activation: 'tanh' }).apply(x) as tfl.SymbolicTensor
  x = tfl.layers
    .conv2d({ filters: 4, kernelSize: 2, name: 'second' })
    .apply(x) as tfl.SymbolicTensor
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor
  const out = tfl.layers.dense({ units: 3, name: 'out' }).apply(x) as tfl.SymbolicTensor
  const model = tfl.model({ inputs: input, outputs: out })
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.size, i + 1), w.shape)))
  return model
}

/** The loss's gradient for every weight, and the kernels the step ran. */
async function step(model: tfl.LayersModel) {
  const x = tf.tensor4d(seeded(5 * 9 * 8 * 2, 9), [5, 9, 8, 2])
  let grads: tf.Tensor[] = []
  const profile = await tf.profile(() => {
    const { grads: g } = tf.variableGrads(
      () => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
    )
    grads = Object.values(g)
  })
  const values = await Promise.all(grads.map((g) => g.data()))
  tf.dispose([x, ...grads])
  return { values, kernels: profile.kernels.map((k) => k.name) }
}

describe('InputConv2D', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
    Object.assign(tf.backend(), { firstUse: false })
  })

  it('finds the convs no gradient flows into', () => {
    const input = tfl.input({ shape: [8, 8, 1] })
    const padded = tfl.layers.zeroPadding2d({ padding: 1 }).apply(input) as tfl.SymbolicTensor
    const conv = tfl.layers
      .conv2d({ filters: 2, kernelSize: 3 })
      .apply(padded) as tfl.SymbolicTensor
    const pooled = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(conv) as tfl.SymbolicTensor
    expect(needsNoGradient(input)).toBe(true)
    expect(needsNoGradient(padded)).toBe(true)
    expect(needsNoGradient(conv)).toBe(false)
    expect(needsNoGradient(pooled)).toBe(false)
  })

  it('compiles the first conv of LeNet-5 and ResNet-20 lean, the others stock', () => {
    for (const [template, first, second] of [
      ['lenet5', 'c1', 'c3'],
      ['cifar-resnet20', 'conv1', 'stage1_block1_conv1'],
    ] as const) {
      const { model } = compile(expand(getTemplate(template)!.build()), { seed: 1 })
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D')
      const lean = convs.filter((l) => l instanceof InputConv2D).map((l) => l.name)
      expect(lean, template).toEqual([first])
      expect(
        convs.some((l) => l.name === second),
        template,
      ).toBe(true)
      model.dispose()
    }
  })

  it('gives the stock conv outputs and weight gradients without computing the input gradient', async () => {
    const lean = net(true)
    const stock = net(false)
    const x = tf.tensor4d(seeded(5 * 9 * 8 * 2, 9), [5, 9, 8, 2])
    const [yLean, yStock] = [lean, stock].map((m) => (m.predict(x) as tf.Tensor).dataSync())
    for (let i = 0; i < yStock!.length; i++) expect(yLean![i]).toBeCloseTo(yStock![i]!, 5)
    const a = await step(lean)
    const b = await step(stock)
    expect(a.values.length).toBe(b.values.length)
    for (const [i, v] of a.values.entries()) {
      const ref = b.values[i]!
      for (let j = 0; j < v.length; j++) expect(v[j]).toBeCloseTo(ref[j]!, 5)
    }
    // Only the second conv's input gradient is needed.
    expect(b.kernels.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(2)
    expect(a.kernels.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(1)
    tf.dispose(x)
    lean.dispose()
    stock.dispose()
  })

  it('saves as a plain Conv2D that loads and predicts the same', async () => {
    const lean = net(true)
    let saved: tf.io.ModelArtifacts | undefined
    await lean.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
      }),
    )
    expect(JSON.stringify(saved!.modelTopology)).toContain(
      '"class_name":"Conv2D","config":{"filters":3',
    )
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!))
    expect(loaded.getLayer('first')).not.toBeInstanceOf(InputConv2D)
    const x = tf.tensor4d(seeded(2 * 9 * 8 * 2, 3), [2, 9, 8, 2])
    const a = (lean.predict(x) as tf.Tensor).dataSync()
    const b = (loaded.predict(x) as tf.Tensor).dataSync()
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5)
    tf.dispose(x)
    lean.dispose()
    loaded.dispose()
  })
})
