import { type ExportGraph, indexNodes, paramsOf } from './graph'
import { OnnxGraphBuilder, encodeModel, valueInfo } from './onnxProto'
import { samePads } from '../../shared/graph'
import { inferShapes } from './shapes'
import { assertExpressible } from './support'
import type { LayerWeights } from './types'
import { findWeight, requireWeight, transpose } from './weights'
import { assertNever } from '../../shared/assertNever'

export const ONNX_OPSET = 13

/** The LRN window the engine uses: `2·radius + 1` channels with radius `floor(size / 2)`. */
export function lrnWindow(size: number): number {
  return 2 * Math.floor(size / 2) + 1
}

/**
 * Builds an ONNX model (opset 13) computing what the tfjs model computes. The graph input is
 * NHWC like the app's data (`[batch, H, W, C]` floats, scaled as in training) and is
 * transposed to NCHW once at the entry; flatten goes back to NHWC order so dense weights keep
 * their tfjs layout. Node, tensor and initializer names are the layer names. `withLogits` adds
 * the output layer's pre-softmax scores as a second graph output.
 */
export function buildOnnx(
  graph: ExportGraph,
  weights: LayerWeights,
  modelName: string,
  options: { withLogits?: boolean; metadata?: Record<string, string> } = {},
): Uint8Array {
  assertExpressible(graph, 'onnx')
  const node = indexNodes(graph)
  const shapes = inferShapes(graph)
  const b = new OnnxGraphBuilder()
  const tensorOf = new Map<string, string>()
  const rankOf = (id: string): number => shapes.get(id)?.length ?? 0
  const inputNode = node(graph.inputId)
  const inputShape = shapes.get(inputNode.id) ?? []

  for (const n of graph.nodes) {
    const inputs = n.inputs.map((id) => {
      const t = tensorOf.get(id)
      if (t === undefined) throw new Error(`${n.name}: input ${id} not built yet`)
      return t
    })
    const x = inputs[0] ?? ''
    const inShape = shapes.get(n.inputs[0] ?? '') ?? []
    let out: string
    switch (n.kind) {
      case 'input':
        out = b.node('Transpose', [n.name], `${n.name}_nchw`, { perm: [0, 3, 1, 2] })
        break
      case 'conv2d': {
        const p = paramsOf(n, 'conv2d')
        const k = requireWeight(weights, n.name, 'kernel')
        const w = transpose(k.data, k.shape, [3, 2, 0, 1])
        const args = [x, b.floats(`${n.name}/kernel`, w.shape, w.data)]
        const bias = p.useBias ? requireWeight(weights, n.name, 'bias') : undefined
        if (bias) args.push(b.floats(`${n.name}/bias`, bias.shape, bias.data))
        let pads = [0, 0, 0, 0]
        if (p.padding === 'explicit') pads = [p.pad, p.pad, p.pad, p.pad]
        if (p.padding === 'same') {
          const ph = samePads(inShape[0] ?? 0, p.kernel, p.stride, p.dilation)
          const pw = samePads(inShape[1] ?? 0, p.kernel, p.stride, p.dilation)
          pads = [ph.begin, pw.begin, ph.end, pw.end]
        }
        out = b.node('Conv', args, n.name, {
          kernel_shape: [p.kernel, p.kernel],
          strides: [p.stride, p.stride],
          dilations: [p.dilation, p.dilation],
          pads,
          group: 1,
        })
        break
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const p = paramsOf(n, n.kind)
        let pads = [0, 0, 0, 0]
        if (p.padding === 'same') {
          const ph = samePads(inShape[0] ?? 0, p.pool, p.stride)
          const pw = samePads(inShape[1] ?? 0, p.pool, p.stride)
          pads = [ph.begin, pw.begin, ph.end, pw.end]
        }
        const attrs = { kernel_shape: [p.pool, p.pool], strides: [p.stride, p.stride], pads }
        // TF averages over the window's real pixels only: count_include_pad = 0.
        out =
          n.kind === 'maxPool2d'
            ? b.node('MaxPool', [x], n.name, attrs)
            : b.node('AveragePool', [x], n.name, { ...attrs, count_include_pad: 0 })
        break
      }
      case 'globalAvgPool':
        b.node('GlobalAveragePool', [x], `${n.name}_4d`)
        out = b.node('Flatten', [`${n.name}_4d`], n.name, { axis: 1 })
        break
      case 'flatten':
        // Flatten in NHWC order so the following dense kernel keeps its tfjs row order.
        if (inShape.length === 3) b.node('Transpose', [x], `${n.name}_nhwc`, { perm: [0, 2, 3, 1] })
        out = b.node('Flatten', [inShape.length === 3 ? `${n.name}_nhwc` : x], n.name, { axis: 1 })
        break
      case 'dense':
      case 'output': {
        const k = requireWeight(weights, n.name, 'kernel')
        const args = [x, b.floats(`${n.name}/kernel`, k.shape, k.data)]
        const bias = findWeight(weights, n.name, 'bias')
        if (bias) args.push(b.floats(`${n.name}/bias`, bias.shape, bias.data))
        if (n.kind === 'dense') {
          out = b.node('Gemm', args, n.name)
        } else {
          b.node('Gemm', args, `${n.name}_logits`)
          out = b.node('Softmax', [`${n.name}_logits`], n.name, { axis: 1 }, `${n.name}_softmax`)
        }
        break
      }
      case 'activation': {
        const p = paramsOf(n, 'activation')
        switch (p.fn) {
          case 'relu':
            out = b.node('Relu', [x], n.name)
            break
          case 'sigmoid':
            out = b.node('Sigmoid', [x], n.name)
            break
          case 'tanh':
            out = b.node('Tanh', [x], n.name)
            break
          case 'elu':
            out = b.node('Elu', [x], n.name, { alpha: { float: p.alpha } })
            break
          case 'leakyRelu':
            out = b.node('LeakyRelu', [x], n.name, { alpha: { float: p.alpha } })
            break
          case 'softmax':
            out = b.node('Softmax', [x], n.name, { axis: 1 })
            break
          case 'linear':
            out = b.node('Identity', [x], n.name)
            break
          default:
            return assertNever(p.fn)
        }
        break
      }
      case 'batchNorm': {
        const p = paramsOf(n, 'batchNorm')
        const mean = requireWeight(weights, n.name, 'moving_mean')
        const variance = requireWeight(weights, n.name, 'moving_variance')
        const channels = mean.shape[0] ?? 0
        const gamma = p.scale
          ? requireWeight(weights, n.name, 'gamma').data
          : new Float32Array(channels).fill(1)
        const beta = p.center
          ? requireWeight(weights, n.name, 'beta').data
          : new Float32Array(channels)
        out = b.node(
          'BatchNormalization',
          [
            x,
            b.floats(`${n.name}/gamma`, [channels], gamma),
            b.floats(`${n.name}/beta`, [channels], beta),
            b.floats(`${n.name}/moving_mean`, [channels], mean.data),
            b.floats(`${n.name}/moving_variance`, [channels], variance.data),
          ],
          n.name,
          { epsilon: { float: p.epsilon } },
        )
        break
      }
      case 'lrn': {
        // tfjs sums squares over the window and scales by alpha; ONNX averages (alpha / size).
        const p = paramsOf(n, 'lrn')
        const size = lrnWindow(p.size)
        out = b.node('LRN', [x], n.name, {
          size,
          alpha: { float: p.alpha * size },
          beta: { float: p.beta },
          bias: { float: p.k },
        })
        break
      }
      case 'dropout':
        out = b.node('Identity', [x], n.name)
        break
      case 'zeroPad2d': {
        const p = paramsOf(n, 'zeroPad2d')
        const pads = b.int64s(`${n.name}/pads`, [0, 0, p.top, p.left, 0, 0, p.bottom, p.right])
        out = b.node('Pad', [x, pads], n.name, {})
        break
      }
      case 'channelPad': {
        const extra = paramsOf(n, 'channelPad').channels - (inShape[2] ?? 0)
        const pads = b.int64s(`${n.name}/pads`, [0, 0, 0, 0, 0, extra, 0, 0])
        out = b.node('Pad', [x, pads], n.name, {})
        break
      }
      case 'concat':
        out = b.node('Concat', inputs, n.name, { axis: 1 })
        break
      case 'add':
        out = b.node('Sum', inputs, n.name)
        break
      default:
        return assertNever(n)
    }
    tensorOf.set(n.id, out)
  }

  const outputNode = node(graph.outputId)
  const outShape = shapes.get(outputNode.id) ?? []
  let result = tensorOf.get(outputNode.id) ?? ''
  if (rankOf(outputNode.id) === 3)
    result = b.node('Transpose', [result], `${outputNode.name}_nhwc`, { perm: [0, 2, 3, 1] })
  return encodeModel({
    name: modelName,
    doc: `${modelName}, exported by Blockwise. Input: NHWC float32 [batch, ${inputShape.join(', ')}] scaled as in training.`,
    builder: b,
    inputs: [valueInfo(inputNode.name, ['batch', ...inputShape])],
    outputs: [
      valueInfo(result, ['batch', ...outShape]),
      // The pre-softmax scores, for checks and for users who want them.
      ...(options.withLogits && outputNode.kind === 'output'
        ? [valueInfo(`${outputNode.name}_logits`, ['batch', ...outShape])]
        : []),
    ],
    opset: ONNX_OPSET,
    metadata: { input_layout: 'NHWC', ...options.metadata },
  })
}
