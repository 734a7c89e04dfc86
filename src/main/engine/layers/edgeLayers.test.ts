/** Layer settings the analysis accepts that tfjs's own layers refused (found by the generated suite). */
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PrimitiveKind, PrimitiveNode } from '../../../shared/graph'
import { compile } from '../compile'

const n = (id: string, kind: PrimitiveKind, params: Record<string, unknown>, inputs: string[]) =>
  ({ id, name: id, kind, params, inputs, origin: id }) as PrimitiveNode

beforeAll(async () => {
  await tf.setBackend('cpu')
  Object.assign(tf.backend(), { firstUse: false })
})

/** One SGD step's loss and the moving mean of batch norm `bn` after it. */
async function step(nodes: PrimitiveNode[]): Promise<{ loss: number; movingMean: number[] }> {
  const { model, logits } = compile({ nodes, inputId: 'in', outputId: 'out' }, { seed: 3 })
  const x = tf.randomUniform<tf.Rank.R4>([4, 4, 4, 2], 0, 1, 'float32', 5)
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3)
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
  const opt = tf.train.sgd(0.1)
  const loss = opt.minimize(
    () =>
      tf.losses.softmaxCrossEntropy(
        y,
        logits.apply(x, { training: true }) as tf.Tensor,
      ) as tf.Scalar,
    true,
    vars,
  )!
  const value = (await loss.data())[0]!
  const bn = model.layers.find((l) => l.name === 'bn')
  const movingMean = bn ? [...(await bn.getWeights().at(-2)!.data())] : []
  tf.dispose([x, y, loss])
  opt.dispose()
  model.dispose()
  return { loss: value, movingMean }
}

describe('layers at the edge of what tfjs takes', () => {
  it('a flatten of a vector passes it through', async () => {
    const nodes = [
      n('in', 'input', { height: 4, width: 4, channels: 2 }, []),
      n('gap', 'globalAvgPool', {}, ['in']),
      n('fl', 'flatten', {}, ['gap']),
      n('out', 'output', { classes: 3 }, ['fl']),
    ]
    const { model } = compile({ nodes, inputId: 'in', outputId: 'out' })
    expect(model.getLayer('fl').outputShape).toEqual([null, 2])
    model.dispose()
    expect(Number.isFinite((await step(nodes)).loss)).toBe(true)
  })

  it.each([
    ['on a feature map', false],
    ['on a vector', true],
  ])(
    'batch norm without scale or centre trains %s and updates its moving mean',
    async (_, flat) => {
      const bnParams = { epsilon: 1e-3, momentum: 0.5, center: false, scale: false }
      const nodes = [
        n('in', 'input', { height: 4, width: 4, channels: 2 }, []),
        ...(flat
          ? [n('fl', 'flatten', {}, ['in']), n('bn', 'batchNorm', bnParams, ['fl'])]
          : [n('bn', 'batchNorm', bnParams, ['in']), n('fl', 'flatten', {}, ['bn'])]),
        n('out', 'output', { classes: 3 }, [flat ? 'bn' : 'fl']),
      ]
      const { loss, movingMean } = await step(nodes)
      expect(Number.isFinite(loss)).toBe(true)
      // Started at 0; momentum 0.5 moves it halfway to the batch mean of inputs in [0, 1).
      expect(movingMean.length).toBeGreaterThan(0)
      expect(movingMean.every((m) => m > 0 && m < 0.5)).toBe(true)
    },
  )
})
