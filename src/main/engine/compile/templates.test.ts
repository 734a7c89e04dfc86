import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../../shared/graph'
import { templates } from '../../../shared/templates'
import { compile, countParams } from './compile'

// The graph core's shapes and counts and the compiled tfjs model must agree for every template;
// ImageNet-sized ones are built (weights allocated), never trained, and disposed at once.
describe('every template compiles to what the graph core computes', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it.each(templates.map((t) => [t.id, t] as const))(
    '%s',
    (_id, template) => {
      const analysis = analyze(template.build())
      expect(analysis.valid).toBe(true)
      const before = tf.memory().numTensors
      const { model } = compile(analysis.graph)
      try {
        expect(countParams(model)).toEqual({
          params: analysis.totals.params,
          nonTrainableParams: analysis.totals.nonTrainableParams,
        })
        for (const layer of analysis.layers) {
          expect({ layer: layer.name, shape: model.getLayer(layer.name).outputShape }).toEqual({
            layer: layer.name,
            shape: [null, ...(layer.shape ?? [])],
          })
        }
      } finally {
        model.dispose()
      }
      expect(tf.memory().numTensors).toBe(before)
    },
    300_000,
  )
})
