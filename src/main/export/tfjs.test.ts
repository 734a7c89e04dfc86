import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as tfl from '@tensorflow/tfjs-layers'
import { afterAll, describe, expect, it } from 'vitest'
import { ExportError } from './types'
import { exportTfjs } from './tfjs'
import { fileLoadHandler } from './tfjsFiles'
import {
  GraphBuilder,
  inceptionGraph,
  maxAbsDiff,
  predict,
  randomBatch,
  resnetGraph,
  trainedModel,
} from './testGraphs'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-tfjs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('tfjs export', () => {
  it.each([
    ['a net with LRN and an inception module', inceptionGraph],
    ['a ResNet with batch norm', () => resnetGraph(8)],
  ])('writes %s that tf.loadLayersModel reads back with the same outputs', async (label, make) => {
    const graph = make()
    const { model, weights } = trainedModel(graph, 5)
    const out = join(dir, label.replace(/\W+/g, '-'))
    const files = await exportTfjs(graph, weights, out, 'my net')
    expect(files.map((f) => f.slice(out.length + 1))).toContain('model.json')
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
      format: string
      weightsManifest: unknown[]
    }
    expect(json.format).toBe('layers-model')

    const loaded = await tfl.loadLayersModel(fileLoadHandler(join(out, 'model.json')))
    const batch = randomBatch(graph, 2)
    expect(maxAbsDiff(predict(loaded, batch), predict(model, batch))).toBeLessThanOrEqual(1e-6)
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name))
    loaded.dispose()
    model.dispose()
  })

  it('ships a blockwise-lrn.js that lets a fresh tfjs process load an LRN model', async () => {
    const graph = inceptionGraph()
    const { model, weights } = trainedModel(graph, 9)
    const out = join(dir, 'fresh')
    await exportTfjs(graph, weights, out, 'fresh')
    const batch = randomBatch(graph, 1)
    const expected = predict(model, batch)
    model.dispose()
    // A separate Node process where only the shipped file registers the layer.
    const script = `
      import * as core from '@tensorflow/tfjs-core'
      import '@tensorflow/tfjs-backend-cpu'
      import * as layers from '@tensorflow/tfjs-layers'
      import { registerLrn } from ${JSON.stringify(pathToFileURL(join(out, 'blockwise-lrn.js')).href)}
      import { readFileSync } from 'node:fs'
      const tf = { ...core, ...layers }
      registerLrn(tf)
      const json = JSON.parse(readFileSync(${JSON.stringify(join(out, 'model.json'))}, 'utf8'))
      const bin = readFileSync(${JSON.stringify(join(out, 'weights.bin'))})
      const model = await layers.loadLayersModel(core.io.fromMemory({
        modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }))
      const x = core.tensor(${JSON.stringify(Array.from(batch.data))}, ${JSON.stringify(batch.shape)})
      console.log(JSON.stringify(Array.from(model.predict(x).dataSync())))`
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
    })
    const got = JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as number[]
    expect(maxAbsDiff(got, expected)).toBeLessThanOrEqual(1e-6)
  })

  it('refuses a strided dilated convolution, naming the block and the format', async () => {
    const g = new GraphBuilder()
    g.add('input', 'input', [], { height: 8, width: 8, channels: 1 })
    g.add('conv', 'conv2d', ['input'], { stride: 2, dilation: 2 }, 'n7')
    g.add('flatten', 'flatten', ['conv'])
    g.add('output', 'output', ['flatten'])
    const attempt = exportTfjs(g.graph(), new Map(), join(dir, 'bad'), 'bad')
    await expect(attempt).rejects.toThrow(ExportError)
    await expect(attempt).rejects.toThrow(/tfjs cannot express block n7 \(layer conv, conv2d\)/)
  })
})
