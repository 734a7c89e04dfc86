import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { describe, expect, it } from 'vitest'
import type { PrimitiveKind, PrimitiveNode } from '../../../shared/graph'
import { compile, countParams } from './compile'

/** A hand-made primitive node, as `expand` would give it. */
function node(
  id: string,
  kind: PrimitiveKind,
  params: Record<string, unknown>,
  inputs: string[] = [],
): PrimitiveNode {
  return { id, name: id, kind, params, inputs, origin: id } as PrimitiveNode
}

const conv = (id: string, input: string, p: Record<string, unknown> = {}) =>
  node(
    id,
    'conv2d',
    { filters: 4, kernel: 3, stride: 1, padding: 'same', pad: 0, dilation: 1, useBias: true, ...p },
    [input],
  )

describe('compile', () => {
  it('builds every primitive kind with the right shapes and counts', () => {
    const nodes = [
      node('in', 'input', { height: 8, width: 8, channels: 3 }),
      conv('c1', 'in', { padding: 'explicit', pad: 1 }),
      node('bn', 'batchNorm', { epsilon: 1e-5, momentum: 0.9, center: true, scale: true }, ['c1']),
      node('lr', 'activation', { fn: 'leakyRelu', alpha: 0.1 }, ['bn']),
      node('lrn', 'lrn', { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, ['lr']),
      conv('c2', 'lrn', { filters: 4, kernel: 1, useBias: false }),
      node('sum', 'add', {}, ['c2', 'lrn']),
      conv('c3', 'sum', { filters: 2 }),
      node('cat', 'concat', {}, ['sum', 'c3']),
      node('pad', 'zeroPad2d', { top: 1, bottom: 0, left: 0, right: 1 }, ['cat']),
      node('mp', 'maxPool2d', { pool: 3, stride: 2, padding: 'valid' }, ['pad']),
      node('ap', 'avgPool2d', { pool: 2, stride: 1, padding: 'same' }, ['mp']),
      node('fl', 'flatten', {}, ['ap']),
      node('d1', 'dense', { units: 5, useBias: true }, ['fl']),
      node('drop', 'dropout', { rate: 0.5 }, ['d1']),
      node('el', 'activation', { fn: 'elu', alpha: 1 }, ['drop']),
      node('out', 'output', { classes: 3 }, ['el']),
    ]
    const { model, logits, classes } = compile({ nodes, inputId: 'in', outputId: 'out' })
    try {
      const shape = (name: string) => model.getLayer(name).outputShape
      expect(shape('c1')).toEqual([null, 8, 8, 4])
      expect(shape('cat')).toEqual([null, 8, 8, 6])
      expect(shape('pad')).toEqual([null, 9, 9, 6])
      expect(shape('mp')).toEqual([null, 4, 4, 6])
      expect(shape('fl')).toEqual([null, 96])
      expect(model.outputs[0]?.shape).toEqual([null, 3])
      expect(logits.outputs[0]?.shape).toEqual([null, 3])
      expect(classes).toBe(3)
      // conv 3·3·3·4+4, bn 4+4 (+8 moving), conv1x1 16, conv 3·3·4·2+2, dense 96·5+5, out 5·3+3
      expect(countParams(model)).toEqual({
        params: 112 + 8 + 16 + 74 + 485 + 18,
        nonTrainableParams: 8,
      })
    } finally {
      model.dispose()
    }
  })

  it('pools globally to one value per channel', () => {
    const nodes = [
      node('in', 'input', { height: 3, width: 3, channels: 2 }),
      node('gap', 'globalAvgPool', {}, ['in']),
      node('out', 'output', { classes: 2 }, ['gap']),
    ]
    const { model } = compile({ nodes, inputId: 'in', outputId: 'out' })
    expect(model.getLayer('gap').outputShape).toEqual([null, 2])
    model.dispose()
  })

  it('computes what a hand computation gives on a tiny net', () => {
    const nodes = [
      node('in', 'input', { height: 2, width: 2, channels: 1 }),
      conv('c', 'in', { filters: 1, kernel: 2, padding: 'valid' }),
      node('r', 'activation', { fn: 'relu', alpha: 0 }, ['c']),
      node('f', 'flatten', {}, ['r']),
      node('out', 'output', { classes: 2 }, ['f']),
    ]
    const { model, logits } = compile({ nodes, inputId: 'in', outputId: 'out' })
    try {
      model
        .getLayer('c')
        .setWeights([tf.tensor4d([1, -1, 2, 0.5], [2, 2, 1, 1]), tf.tensor1d([0.25])])
      model.getLayer('out').setWeights([tf.tensor2d([[1, -2]]), tf.tensor1d([0.5, 0])])
      const x = tf.tensor4d([3, 1, 2, 4], [1, 2, 2, 1])
      // conv: 3·1 + 1·(−1) + 2·2 + 4·0.5 + 0.25 = 8.25; relu keeps it; logits [8.75, −16.5]
      const z = [8.75, -16.5]
      const e = z.map((v) => Math.exp(v - 8.75))
      const sum = e[0]! + e[1]!
      const probs = (model.predict(x) as tf.Tensor).dataSync()
      expect(Array.from((logits.predict(x) as tf.Tensor).dataSync())).toEqual(z)
      expect(probs[0]).toBeCloseTo(e[0]! / sum, 6)
      expect(probs[1]).toBeCloseTo(e[1]! / sum, 9)
    } finally {
      model.dispose()
    }
  })

  it('round-trips a model with LRN through tfjs serialisation', async () => {
    const nodes = [
      node('in', 'input', { height: 4, width: 4, channels: 6 }),
      node('norm', 'lrn', { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }, ['in']),
      node('f', 'flatten', {}, ['norm']),
      node('out', 'output', { classes: 2 }, ['f']),
    ]
    const { model } = compile({ nodes, inputId: 'in', outputId: 'out' }, { seed: 3 })
    let saved: tf.io.ModelArtifacts | undefined
    await model.save(
      tf.io.withSaveHandler(
        async (a) => (
          (saved = a),
          { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
        ),
      ),
    )
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!))
    try {
      const x = tf.randomUniform([2, 4, 4, 6], 0, 10, 'float32', 1)
      const a = (model.predict(x) as tf.Tensor).arraySync()
      expect((loaded.predict(x) as tf.Tensor).arraySync()).toEqual(a)
      expect(loaded.getLayer('norm').getClassName()).toBe('BlockwiseLRN')
      // LRN by hand on one position: channel 0 sees channels 0..2
      const v = tf
        .localResponseNormalization(x as tf.Tensor4D, 2, 2, 1e-4, 0.75)
        .arraySync()[0]![0]![0]!
      const a0 = x.arraySync() as number[][][][]
      const c = a0[0]![0]![0]!
      expect(v[0]).toBeCloseTo(
        c[0]! / Math.pow(2 + 1e-4 * (c[0]! ** 2 + c[1]! ** 2 + c[2]! ** 2), 0.75),
        5,
      )
    } finally {
      model.dispose()
      loaded.dispose()
    }
  })

  it('switches dropout and batch norm between training and inference', () => {
    const nodes = [
      node('in', 'input', { height: 4, width: 4, channels: 2 }),
      node('bn', 'batchNorm', { epsilon: 1e-5, momentum: 0.5, center: true, scale: true }, ['in']),
      node('f', 'flatten', {}, ['bn']),
      node('drop', 'dropout', { rate: 0.5 }, ['f']),
      node('out', 'output', { classes: 2 }, ['drop']),
    ]
    const { model, logits } = compile({ nodes, inputId: 'in', outputId: 'out' }, { seed: 1 })
    try {
      const x = tf.add(tf.randomNormal([8, 4, 4, 2], 0, 1, 'float32', 2), 3)
      const run = (training: boolean) =>
        JSON.stringify((logits.apply(x, { training }) as tf.Tensor).arraySync())
      expect(run(false)).toBe(run(false))
      const [a, b] = [run(true), run(true)]
      expect(a).not.toBe(b) // a fresh dropout mask per call
      // two training calls with momentum 0.5 moved the moving mean 3/4 of the way to ~3
      const movingMean = model.getLayer('bn').getWeights()[2]!.dataSync()
      for (const m of movingMean) expect(m).toBeGreaterThan(2)
    } finally {
      model.dispose()
    }
  })

  it('gives one starting point per seed', () => {
    const nodes = [
      node('in', 'input', { height: 2, width: 2, channels: 1 }),
      node('f', 'flatten', {}, ['in']),
      node('out', 'output', { classes: 2 }, ['f']),
    ]
    const weights = (seed: number) => {
      const { model } = compile({ nodes, inputId: 'in', outputId: 'out' }, { seed })
      const w = Array.from(model.getLayer('out').getWeights()[0]!.dataSync())
      model.dispose()
      return w
    }
    expect(weights(7)).toEqual(weights(7))
    expect(weights(7)).not.toEqual(weights(8))
  })

  it('names the layer that cannot be built', () => {
    const nodes = [
      node('in', 'input', { height: 2, width: 2, channels: 1 }),
      node('sum', 'add', {}, ['in']),
      node('out', 'output', { classes: 2 }, ['sum']),
    ]
    expect(() => compile({ nodes, inputId: 'in', outputId: 'out' })).toThrow(
      /sum: add needs at least two inputs/,
    )
  })
})
