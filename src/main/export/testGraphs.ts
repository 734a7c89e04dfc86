/**
 * Test fixtures: small hand-built primitive graphs (as `expand` gives them) and compiled tfjs
 * models with random weights, including batch norm statistics, so exports are checked against
 * a model whose every weight matters.
 */
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import type { LayersModel } from '@tensorflow/tfjs-layers'
import type { Design } from '../../shared/graph'
import { chain } from '../../shared/templates/layout'
import { compile } from '../engine/compile'
import type { ExportGraph, ExportNode, PrimitiveKind, PrimitiveParamsByKind } from './graph'
import type { LayerWeights } from './types'
import { weightsFromModel } from './weights'
import { createRng } from '../../shared/random'

const defaults: { [K in PrimitiveKind]: PrimitiveParamsByKind[K] } = {
  input: { height: 28, width: 28, channels: 1 },
  conv2d: { filters: 8, kernel: 3, stride: 1, padding: 'same', pad: 0, dilation: 1, useBias: true },
  dense: { units: 16, useBias: true },
  maxPool2d: { pool: 2, stride: 2, padding: 'valid' },
  avgPool2d: { pool: 2, stride: 2, padding: 'valid' },
  globalAvgPool: {},
  flatten: {},
  activation: { fn: 'relu', alpha: 0.2 },
  batchNorm: { epsilon: 1e-5, momentum: 0.9, center: true, scale: true },
  lrn: { size: 5, alpha: 1e-4, beta: 0.75, k: 2 },
  dropout: { rate: 0.5 },
  zeroPad2d: { top: 1, bottom: 1, left: 1, right: 1 },
  channelPad: { channels: 16 },
  concat: {},
  add: {},
  output: { classes: 10 },
}

/** Builds a graph from `[id, kind, params, inputs]` rows; `origin` groups names by their prefix. */
export class GraphBuilder {
  readonly nodes: ExportNode[] = []
  add<K extends PrimitiveKind>(
    id: string,
    kind: K,
    inputs: string[] = [],
    params: Partial<PrimitiveParamsByKind[K]> = {},
    origin = id,
  ): string {
    this.nodes.push({
      id,
      name: id,
      kind,
      params: { ...(defaults[kind] as object), ...params },
      inputs,
      origin,
    } as ExportNode)
    return id
  }
  graph(): ExportGraph {
    const first = this.nodes[0]
    const last = this.nodes[this.nodes.length - 1]
    if (!first || !last) throw new Error('empty graph')
    return { nodes: this.nodes, inputId: first.id, outputId: last.id }
  }
}

/** LeNet-5 as the 1998 paper draws it (tanh, average pooling), on 28×28 padded to 32×32. */
export function lenetGraph(): ExportGraph {
  const g = new GraphBuilder()
  g.add('input', 'input', [], { height: 28, width: 28, channels: 1 })
  g.add('pad', 'zeroPad2d', ['input'], { top: 2, bottom: 2, left: 2, right: 2 })
  g.add('c1', 'conv2d', ['pad'], { filters: 6, kernel: 5, padding: 'valid' })
  g.add('c1_tanh', 'activation', ['c1'], { fn: 'tanh' })
  g.add('s2', 'avgPool2d', ['c1_tanh'])
  g.add('c3', 'conv2d', ['s2'], { filters: 16, kernel: 5, padding: 'valid' })
  g.add('c3_tanh', 'activation', ['c3'], { fn: 'tanh' })
  g.add('s4', 'avgPool2d', ['c3_tanh'])
  g.add('flatten', 'flatten', ['s4'])
  g.add('f5', 'dense', ['flatten'], { units: 120 })
  g.add('f5_tanh', 'activation', ['f5'], { fn: 'tanh' })
  g.add('f6', 'dense', ['f5_tanh'], { units: 84 })
  g.add('f6_tanh', 'activation', ['f6'], { fn: 'tanh' })
  g.add('output', 'output', ['f6_tanh'], { classes: 10 })
  return g.graph()
}

/** A small CIFAR-style ResNet: stem, an identity block, a strided projection block, GAP. */
export function resnetGraph(size = 16): ExportGraph {
  const g = new GraphBuilder()
  g.add('input', 'input', [], { height: size, width: size, channels: 3 })
  g.add('conv1', 'conv2d', ['input'], { filters: 8, useBias: false })
  g.add('bn1', 'batchNorm', ['conv1'])
  g.add('relu1', 'activation', ['bn1'])
  const block = (
    name: string,
    x: string,
    filters: number,
    stride: number,
    projection: boolean,
  ): string => {
    const o = name
    g.add(`${name}_conv1`, 'conv2d', [x], { filters, stride, useBias: false }, o)
    g.add(`${name}_bn1`, 'batchNorm', [`${name}_conv1`], {}, o)
    g.add(`${name}_relu1`, 'activation', [`${name}_bn1`], {}, o)
    g.add(`${name}_conv2`, 'conv2d', [`${name}_relu1`], { filters, useBias: false }, o)
    g.add(`${name}_bn2`, 'batchNorm', [`${name}_conv2`], {}, o)
    let shortcut = x
    if (projection) {
      g.add(`${name}_proj`, 'conv2d', [x], { filters, kernel: 1, stride, useBias: false }, o)
      shortcut = g.add(`${name}_proj_bn`, 'batchNorm', [`${name}_proj`], {}, o)
    }
    g.add(`${name}_add`, 'add', [`${name}_bn2`, shortcut], {}, o)
    return g.add(`${name}_relu2`, 'activation', [`${name}_add`], {}, o)
  }
  let x = block('stage1_block1', 'relu1', 8, 1, false)
  x = block('stage2_block1', x, 16, 2, true)
  g.add('gap', 'globalAvgPool', [x])
  g.add('output', 'output', ['gap'], { classes: 10 })
  return g.graph()
}

/** An inception module (GoogLeNet's four branches) between a stem and the classifier, plus LRN. */
export function inceptionGraph(): ExportGraph {
  const g = new GraphBuilder()
  g.add('input', 'input', [], { height: 15, width: 15, channels: 3 })
  g.add('stem', 'conv2d', ['input'], { filters: 8, kernel: 3, stride: 2 })
  g.add('stem_relu', 'activation', ['stem'])
  g.add('stem_lrn', 'lrn', ['stem_relu'], { size: 5, alpha: 0.01, beta: 0.75, k: 2 })
  g.add('pool', 'maxPool2d', ['stem_lrn'], { pool: 3, stride: 2, padding: 'same' })
  const o = 'inc3a'
  g.add('inc3a_1x1', 'conv2d', ['pool'], { filters: 4, kernel: 1 }, o)
  g.add('inc3a_1x1_relu', 'activation', ['inc3a_1x1'], {}, o)
  g.add('inc3a_3x3_reduce', 'conv2d', ['pool'], { filters: 4, kernel: 1 }, o)
  g.add('inc3a_3x3_reduce_relu', 'activation', ['inc3a_3x3_reduce'], {}, o)
  g.add('inc3a_3x3', 'conv2d', ['inc3a_3x3_reduce_relu'], { filters: 6, kernel: 3 }, o)
  g.add('inc3a_3x3_relu', 'activation', ['inc3a_3x3'], {}, o)
  g.add('inc3a_5x5_reduce', 'conv2d', ['pool'], { filters: 2, kernel: 1 }, o)
  g.add('inc3a_5x5_reduce_relu', 'activation', ['inc3a_5x5_reduce'], {}, o)
  g.add('inc3a_5x5', 'conv2d', ['inc3a_5x5_reduce_relu'], { filters: 3, kernel: 5 }, o)
  g.add('inc3a_5x5_relu', 'activation', ['inc3a_5x5'], {}, o)
  g.add('inc3a_pool', 'maxPool2d', ['pool'], { pool: 3, stride: 1, padding: 'same' }, o)
  g.add('inc3a_pool_proj', 'conv2d', ['inc3a_pool'], { filters: 3, kernel: 1 }, o)
  g.add('inc3a_pool_proj_relu', 'activation', ['inc3a_pool_proj'], {}, o)
  g.add(
    'inc3a_concat',
    'concat',
    ['inc3a_1x1_relu', 'inc3a_3x3_relu', 'inc3a_5x5_relu', 'inc3a_pool_proj_relu'],
    {},
    o,
  )
  g.add('avg', 'avgPool2d', ['inc3a_concat'], { pool: 3, stride: 2, padding: 'same' })
  g.add('flatten', 'flatten', ['avg'])
  g.add('drop', 'dropout', ['flatten'])
  g.add('output', 'output', ['drop'], { classes: 5 })
  return g.graph()
}

/** Every primitive kind and the awkward cases: explicit and strided 'same' padding, dilation, BN without scale. */
export function everyKindGraph(): ExportGraph {
  const g = new GraphBuilder()
  g.add('input', 'input', [], { height: 10, width: 9, channels: 2 })
  g.add('c1', 'conv2d', ['input'], { filters: 4, kernel: 3, padding: 'explicit', pad: 1 })
  g.add('bn', 'batchNorm', ['c1'], { scale: false, epsilon: 1e-3 })
  g.add('leaky', 'activation', ['bn'], { fn: 'leakyRelu', alpha: 0.1 })
  g.add('c2', 'conv2d', ['leaky'], { filters: 4, kernel: 4, stride: 2, padding: 'same' })
  g.add('dil', 'conv2d', ['c2'], { filters: 4, kernel: 3, dilation: 2, padding: 'same' })
  g.add('sig', 'activation', ['dil'], { fn: 'sigmoid' })
  g.add('sum', 'add', ['c2', 'sig', 'c2'])
  g.add('pad', 'zeroPad2d', ['sum'], { top: 1, bottom: 0, left: 0, right: 2 })
  g.add('ap', 'avgPool2d', ['pad'], { pool: 2, stride: 2, padding: 'same' })
  g.add('mp', 'maxPool2d', ['pad'], { pool: 3, stride: 2, padding: 'same' })
  g.add('cat', 'concat', ['ap', 'mp'])
  g.add('sm', 'activation', ['cat'], { fn: 'softmax' })
  g.add('lrn', 'lrn', ['sm'], { size: 3, alpha: 0.5, beta: 0.75, k: 1 })
  g.add('flatten', 'flatten', ['lrn'])
  g.add('d1', 'dense', ['flatten'], { units: 6, useBias: false })
  g.add('elu', 'activation', ['d1'], { fn: 'elu', alpha: 1 })
  g.add('bn1d', 'batchNorm', ['elu'])
  g.add('lin', 'activation', ['bn1d'], { fn: 'linear' })
  g.add('tanh', 'activation', ['lin'], { fn: 'tanh' })
  g.add('output', 'output', ['tanh'], { classes: 4 })
  return g.graph()
}

/** A deterministic pseudo-random stream (mulberry32). */
export const random = createRng

/** Compiles the graph and fills every weight (BN variances positive) with seeded noise. */
export function trainedModel(
  graph: ExportGraph,
  seed = 1,
): { model: LayersModel; weights: LayerWeights } {
  const { model } = compile(graph as Parameters<typeof compile>[0], { seed })
  const next = random(seed)
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue
    const values = layer.weights.map((w) => {
      const shape = w.shape.map((d) => d ?? 1)
      const n = shape.reduce((a, b) => a * b, 1)
      const variance = w.originalName.includes('moving_variance')
      const data = Float32Array.from({ length: n }, () =>
        variance ? 0.5 + next() : (next() - 0.5) * 0.8,
      )
      return tf.tensor(data, shape)
    })
    layer.setWeights(values)
    tf.dispose(values)
  }
  return { model, weights: weightsFromModel(model) }
}

/** A batch of NHWC inputs in [0, 1) like the trainer feeds. */
export function randomBatch(
  graph: ExportGraph,
  batch: number,
  seed = 7,
): { data: Float32Array; shape: number[] } {
  const input = graph.nodes.find((n) => n.id === graph.inputId)
  const p = input?.params as PrimitiveParamsByKind['input']
  const shape = [batch, p.height, p.width, p.channels]
  const next = random(seed)
  return { data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, next), shape }
}

/** The tfjs model's prediction for a batch. */
export function predict(
  model: LayersModel,
  batch: { data: Float32Array; shape: number[] },
): Float32Array {
  return tf.tidy(() => {
    const y = model.predict(tf.tensor(batch.data, batch.shape)) as tf.Tensor
    return Float32Array.from(y.dataSync())
  })
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)))
  return m
}

/** A small residual net with every block flavour: identity, zero-pad and projection shortcuts, bottleneck, plain. */
export const miniResnet: Design = chain('mini CIFAR ResNet', [
  { id: 'input', kind: 'input', params: { height: 12, width: 12, channels: 3 } },
  { id: 'conv1', kind: 'conv2d', params: { filters: 8, useBias: false } },
  { id: 'bn1', kind: 'batchNorm' },
  { id: 'relu1', kind: 'activation', params: { fn: 'relu' } },
  { id: 'stage1', kind: 'stage', params: { filters: 8, blocks: 2 } },
  {
    id: 'stage2',
    kind: 'stage',
    label: 'conv3_x',
    params: { filters: 12, blocks: 2, stride: 2, shortcut: 'zeroPad' },
  },
  {
    id: 'stage3',
    kind: 'stage',
    params: { variant: 'bottleneck', filters: 4, blocks: 2, stride: 2, shortcut: 'projection' },
  },
  { id: 'res', kind: 'residualBlock', params: { filters: 16, shortcut: 'none', batchNorm: false } },
  { id: 'gap', kind: 'globalAvgPool' },
  { id: 'output', kind: 'output', params: { classes: 10 } },
])

/** A small GoogLeNet: LRN, 'same' pooling and two inception modules at 13×13. */
export const miniInception: Design = chain('mini GoogLeNet', [
  { id: 'input', kind: 'input', params: { height: 13, width: 13, channels: 3 } },
  { id: 'conv1', kind: 'conv2d', params: { filters: 8, kernel: 3, stride: 2 } },
  { id: 'relu1', kind: 'activation', params: { fn: 'relu' } },
  { id: 'lrn1', kind: 'lrn', params: { alpha: 0.01 } },
  { id: 'pool1', kind: 'maxPool2d', params: { pool: 3, stride: 2, padding: 'same' } },
  {
    id: 'inc3a',
    kind: 'inceptionModule',
    params: { b1x1: 4, b3x3reduce: 3, b3x3: 5, b5x5reduce: 2, b5x5: 3, poolProj: 2 },
  },
  {
    id: 'inc3b',
    kind: 'inceptionModule',
    params: { b1x1: 3, b3x3reduce: 2, b3x3: 4, b5x5reduce: 2, b5x5: 2, poolProj: 3 },
  },
  { id: 'pool2', kind: 'avgPool2d', params: { pool: 3, stride: 2, padding: 'same' } },
  { id: 'flatten', kind: 'flatten' },
  { id: 'drop', kind: 'dropout', params: { rate: 0.4 } },
  { id: 'output', kind: 'output', params: { classes: 5 } },
])

/** A custom group (a conv and a residual block inside) between a stem and the classifier. */
export const groupedNet: Design = chain('grouped net', [
  { id: 'input', kind: 'input', params: { height: 10, width: 10, channels: 2 } },
  { id: 'stem', kind: 'conv2d', params: { filters: 6, stride: 2 } },
  {
    id: 'g1',
    kind: 'group',
    params: {
      nodes: [
        { id: 'in', kind: 'input', params: {}, position: { x: 0, y: 0 } },
        { id: 'c', kind: 'conv2d', params: { filters: 8 }, position: { x: 0, y: 100 } },
        { id: 'r', kind: 'residualBlock', params: { filters: 8 }, position: { x: 0, y: 200 } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'c' },
        { id: 'e2', source: 'c', target: 'r' },
      ],
    },
  },
  { id: 'gap', kind: 'globalAvgPool' },
  { id: 'output', kind: 'output', params: { classes: 3 } },
])
