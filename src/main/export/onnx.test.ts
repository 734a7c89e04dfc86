import * as ort from 'onnxruntime-node'
import onnxProto from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { expand, type Design } from '../../shared/graph'
import { templates } from '../../shared/templates'
import { type ExportGraph } from './graph'
import { buildOnnx, ONNX_OPSET } from './onnx'
import {
  everyKindGraph,
  groupedNet,
  inceptionGraph,
  lenetGraph,
  miniInception,
  miniResnet,
  maxAbsDiff,
  predict,
  randomBatch,
  resnetGraph,
  trainedModel,
} from './testGraphs'

function template(id: string): Design {
  const found = templates.find((t) => t.id === id)
  if (!found) throw new Error(`no template ${id}`)
  return found.build()
}

async function compareWithTfjs(graph: ExportGraph): Promise<{ probs: number; logits: number }> {
  const { model, weights } = trainedModel(graph, 3)
  const bytes = buildOnnx(graph, weights, 'test', { withLogits: true })
  const session = await ort.InferenceSession.create(bytes)
  const batch = randomBatch(graph, 3)
  const inputName = session.inputNames[0] ?? ''
  const result = await session.run({
    [inputName]: new ort.Tensor('float32', batch.data, batch.shape),
  })
  const [probsName, logitsName] = session.outputNames
  const probs = result[probsName ?? '']?.data as Float32Array
  const logits = result[logitsName ?? '']?.data as Float32Array
  const logitsModel = (await import('@tensorflow/tfjs-layers')).model({
    inputs: model.inputs,
    outputs: model.getLayer('output').output,
  })
  const diffs = {
    probs: maxAbsDiff(probs, predict(model, batch)),
    logits: maxAbsDiff(logits, predict(logitsModel, batch)),
  }
  model.dispose()
  return diffs
}

describe('ONNX export', () => {
  it.each([
    ['the LeNet-5 template', () => expand(template('lenet5'))],
    ['the CIFAR ResNet-20 template (zero-pad shortcuts)', () => expand(template('cifar-resnet20'))],
    ['a small ResNet with bottleneck, projection and plain blocks', () => expand(miniResnet)],
    ['a small GoogLeNet with LRN and inception modules', () => expand(miniInception)],
    ['a custom group holding a residual block', () => expand(groupedNet)],
    ['hand-built LeNet-5 (tanh, average pooling)', lenetGraph],
    ['a hand-built inception module', inceptionGraph],
    ['every primitive kind, asymmetric same padding, dilation', everyKindGraph],
  ])('matches tfjs on %s (onnxruntime)', async (_, make) => {
    const diffs = await compareWithTfjs(make())
    expect(diffs.logits).toBeLessThanOrEqual(1e-4)
    expect(diffs.probs).toBeLessThanOrEqual(1e-4)
  })

  it('names nodes and initializers after the layers, with opset 13 and an NHWC input', () => {
    const graph = resnetGraph(8)
    const { weights, model } = trainedModel(graph)
    model.dispose()
    const decoded = onnxProto.onnx.ModelProto.decode(buildOnnx(graph, weights, 'resnet'))
    expect(Number(decoded.opsetImport[0]?.version)).toBe(ONNX_OPSET)
    const g = decoded.graph ?? onnxProto.onnx.GraphProto.create()
    expect(g.node?.map((n) => n.name)).toContain('stage2_block1_conv1')
    expect(g.initializer?.map((t) => t.name)).toContain('stage2_block1_proj_bn/moving_variance')
    expect(g.input?.[0]?.name).toBe('input')
    const dims = g.input?.[0]?.type?.tensorType?.shape?.dim?.map(
      (d) => d.dimParam || Number(d.dimValue),
    )
    expect(dims).toEqual(['batch', 8, 8, 3])
  })

  it('says which weight is missing', () => {
    const graph = lenetGraph()
    expect(() => buildOnnx(graph, new Map(), 'x')).toThrow(/c1: the checkpoint has no kernel/)
  })
})
