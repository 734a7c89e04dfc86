/**
 * Generated designs (fast-check, seeded) through the engine: every design the analysis calls
 * valid compiles and takes one training step on a tiny batch — a finite or non-finite loss, but
 * no throw. A valid design the engine cannot build would be a run that fails after it was
 * accepted. The parse/analyze half is in src/shared/graph/generated.test.ts.
 */
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze, expand } from '../../../shared/graph'
import { arbitraryDesign } from '../../../shared/graph/testing/arbitraryDesign'
import { parseSettings } from '../../../shared/training/settings'
import { createOptimizer } from '../trainer/optimizer'
import { createTrainStep } from '../trainer/loop'
import { compile } from './compile'

beforeAll(async () => {
  await tf.setBackend('cpu')
  Object.assign(tf.backend(), { firstUse: false })
})

describe('generated designs in the engine', () => {
  it('every valid one compiles and takes a training step', async () => {
    const valid = fc
      .sample(arbitraryDesign(), { seed: 20261207, numRuns: 400 })
      .filter((d) => analyze(d).valid)
      .slice(0, 40)
    expect(valid.length).toBeGreaterThanOrEqual(30)
    for (const design of valid) {
      const a = analyze(design)
      const [h, w, c] = a.inputShape!
      const classes = a.outputShape![0]!
      const settings = parseSettings({ optimizer: 'adam', lr: 0.01, batchSize: 2 })
      let compiled
      try {
        compiled = compile(expand(design), { seed: 1 })
      } catch (e) {
        throw new Error(`a valid design did not compile: ${String(e)}\n${JSON.stringify(design)}`)
      }
      const optimizer = createOptimizer(settings)
      try {
        const step = createTrainStep(compiled, settings, optimizer)
        const x = tf.randomUniform<tf.Rank.R4>([2, h!, w!, c!], 0, 1, 'float32', 1)
        const y = tf.tensor1d([0, 1 % classes], 'int32')
        const [loss, correct] = step(x, y)
        const value = (await loss.data())[0]
        expect(typeof value).toBe('number')
        expect((await correct.data())[0]).toBeGreaterThanOrEqual(0)
        tf.dispose([x, y, loss, correct])
      } finally {
        optimizer.dispose()
        compiled.model.dispose()
      }
    }
  }, 120_000)
})
