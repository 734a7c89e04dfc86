import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ExportGraph, type ExportNode, paramsOf } from './graph'
import { type NpyArray, encodeNpz } from './npz'
import { assertExpressible } from './support'
import type { LayerWeights } from './types'
import { roleOf, type WeightRole } from './weights'
import { assertNever } from '../../shared/assertNever'

const ROLE_ORDER: WeightRole[] = [
  'kernel',
  'bias',
  'gamma',
  'beta',
  'moving_mean',
  'moving_variance',
]

const py = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v))
const str = (s: string): string => JSON.stringify(s)

const LRN_LAYER = `

@keras.saving.register_keras_serializable(package="blockwise")
class LocalResponseNormalization(layers.Layer):
    """AlexNet's LRN: a / (k + alpha * sum of a^2 over 2*(size//2)+1 neighbouring channels)^beta."""

    def __init__(self, size=5, alpha=1e-4, beta=0.75, k=2.0, **kwargs):
        super().__init__(**kwargs)
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def call(self, x):
        r = self.size // 2
        channels = x.shape[-1]
        squares = ops.pad(ops.square(x), [[0, 0], [0, 0], [0, 0], [r, r]])
        total = sum(squares[..., i : i + channels] for i in range(2 * r + 1))
        return x / ops.power(self.k + self.alpha * total, self.beta)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "alpha": self.alpha, "beta": self.beta, "k": self.k}
`

const CHANNEL_PAD_LAYER = `

@keras.saving.register_keras_serializable(package="blockwise")
class ChannelPad(layers.Layer):
    """Appends zero channels up to \`channels\` (ResNet's parameter-free shortcut)."""

    def __init__(self, channels, **kwargs):
        super().__init__(**kwargs)
        self.channels = channels

    def call(self, x):
        return ops.pad(x, [[0, 0], [0, 0], [0, 0], [0, self.channels - x.shape[-1]]])

    def get_config(self):
        return {**super().get_config(), "channels": self.channels}
`

/** Per-channel input statistics in 0..255 units: the trainer feeds `(pixel - mean) / std`. */
export interface InputStats {
  mean: readonly number[]
  std: readonly number[]
}

const list = (v: readonly number[]) => `[${v.map((x) => Number(x.toPrecision(7))).join(', ')}]`

function preprocess(stats: InputStats): string {
  return `

# Input normalisation used in training: (pixel - MEAN) / STD per channel, pixels in 0..255.
MEAN = ${list(stats.mean)}
STD = ${list(stats.std)}


def preprocess(images):
    """uint8 images NHWC -> the normalised float32 array the model takes."""
    return (np.asarray(images, dtype=np.float32) - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
`
}

/** The Keras layer call for one primitive: `layers.X(..., name=...)`. */
function kerasLayer(n: ExportNode): string[] {
  const name = `name=${str(n.name)}`
  switch (n.kind) {
    case 'input':
      return []
    case 'conv2d': {
      const p = paramsOf(n, 'conv2d')
      const args = [
        `${p.filters}`,
        `${p.kernel}`,
        ...(p.stride !== 1 ? [`strides=${p.stride}`] : []),
        ...(p.padding === 'same' ? ['padding="same"'] : []),
        ...(p.dilation !== 1 ? [`dilation_rate=${p.dilation}`] : []),
        ...(p.useBias ? [] : ['use_bias=False']),
        name,
      ]
      const conv = `layers.Conv2D(${args.join(', ')})`
      return p.padding === 'explicit' && p.pad > 0
        ? [`layers.ZeroPadding2D(${p.pad}, name=${str(`${n.name}_pad`)})`, conv]
        : [conv]
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const p = paramsOf(n, n.kind)
      const cls = n.kind === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D'
      return [`layers.${cls}(${p.pool}, strides=${p.stride}, padding=${str(p.padding)}, ${name})`]
    }
    case 'globalAvgPool':
      return [`layers.GlobalAveragePooling2D(${name})`]
    case 'flatten':
      return [`layers.Flatten(${name})`]
    case 'dense': {
      const p = paramsOf(n, 'dense')
      return [`layers.Dense(${p.units}, ${p.useBias ? '' : 'use_bias=False, '}${name})`]
    }
    case 'output':
      return [
        `layers.Dense(${paramsOf(n, 'output').classes}, ${name})`,
        `layers.Softmax(name=${str(`${n.name}_softmax`)})`,
      ]
    case 'activation': {
      const p = paramsOf(n, 'activation')
      switch (p.fn) {
        case 'leakyRelu':
          return [`layers.LeakyReLU(negative_slope=${py(p.alpha)}, ${name})`]
        case 'elu':
          return [`layers.ELU(alpha=${py(p.alpha)}, ${name})`]
        case 'softmax':
          return [`layers.Softmax(${name})`]
        case 'relu':
        case 'sigmoid':
        case 'tanh':
        case 'linear':
          return [`layers.Activation(${str(p.fn)}, ${name})`]
        default:
          return assertNever(p.fn)
      }
    }
    case 'batchNorm': {
      const p = paramsOf(n, 'batchNorm')
      return [
        `layers.BatchNormalization(epsilon=${py(p.epsilon)}, momentum=${py(p.momentum)}, center=${p.center ? 'True' : 'False'}, scale=${p.scale ? 'True' : 'False'}, ${name})`,
      ]
    }
    case 'lrn': {
      const p = paramsOf(n, 'lrn')
      return [
        `LocalResponseNormalization(${p.size}, ${py(p.alpha)}, ${py(p.beta)}, ${py(p.k)}, ${name})`,
      ]
    }
    case 'dropout':
      return [`layers.Dropout(${py(paramsOf(n, 'dropout').rate)}, ${name})`]
    case 'zeroPad2d': {
      const p = paramsOf(n, 'zeroPad2d')
      return [`layers.ZeroPadding2D(((${p.top}, ${p.bottom}), (${p.left}, ${p.right})), ${name})`]
    }
    case 'channelPad':
      return [`ChannelPad(${paramsOf(n, 'channelPad').channels}, ${name})`]
    case 'concat':
      return [`layers.Concatenate(${name})`]
    case 'add':
      return [`layers.Add(${name})`]
    default:
      return assertNever(n)
  }
}

/** model.py for Keras 3: `build_model()` (functional API, layer names = the design's) and `load_weights()`. */
export function kerasSource(graph: ExportGraph, name: string, stats?: InputStats): string {
  const vars = new Map<string, string>()
  const lines: string[] = []
  const varName = (n: ExportNode) => `t_${n.name}`
  for (const n of graph.nodes) {
    if (n.kind === 'input') {
      const p = paramsOf(n, 'input')
      vars.set(n.id, varName(n))
      lines.push(
        `    ${varName(n)} = keras.Input(shape=(${p.height}, ${p.width}, ${p.channels}), name=${str(n.name)})`,
      )
      continue
    }
    const args = n.inputs.map((i) => vars.get(i) ?? 'None')
    let value =
      n.kind === 'concat' || n.kind === 'add' ? `[${args.join(', ')}]` : (args[0] ?? 'None')
    for (const layer of kerasLayer(n)) value = `${layer}(${value})`
    vars.set(n.id, varName(n))
    lines.push(`    ${varName(n)} = ${value}`)
  }
  const input = graph.nodes.find((n) => n.id === graph.inputId)
  const output = graph.nodes.find((n) => n.id === graph.outputId)
  const kinds = new Set(graph.nodes.map((n) => n.kind))
  return [
    `"""${name}, exported from Blockwise for Keras 3 (NHWC, inputs normalised as in training).`,
    '',
    '    from model import build_model, load_weights',
    '    model = build_model(); load_weights(model, "weights.npz")',
    '"""',
    'import numpy as np',
    'import keras',
    'from keras import layers, ops',
    kinds.has('lrn') ? LRN_LAYER : '',
    kinds.has('channelPad') ? CHANNEL_PAD_LAYER : '',
    stats ? preprocess(stats) : '',
    '',
    'def build_model():',
    ...lines,
    `    return keras.Model(${input ? varName(input) : 'None'}, ${output ? varName(output) : 'None'}, name=${str(name.replace(/[^A-Za-z0-9_]+/g, '_'))})`,
    '',
    '',
    'def load_weights(model, path="weights.npz"):',
    '    """Sets every layer\'s trained weights; weights.npz holds "<layer>/<i>" in Keras\'s own order."""',
    '    data = np.load(path)',
    '    for layer in model.layers:',
    '        count = sum(1 for key in data.files if key.rsplit("/", 1)[0] == layer.name)',
    '        if count:',
    '            layer.set_weights([data[f"{layer.name}/{i}"] for i in range(count)])',
    '    return model',
    '',
  ]
    .join('\n')
    .replace(/\n{4,}/g, '\n\n\n')
}

/** The weights as `<layer>/<i>` arrays in Keras's order (kernel, bias; gamma, beta, mean, variance). */
export function kerasWeights(weights: LayerWeights): Record<string, NpyArray> {
  const out: Record<string, NpyArray> = {}
  for (const [layer, list] of weights) {
    const sorted = [...list].sort(
      (a, b) =>
        ROLE_ORDER.indexOf(roleOf(a.name) ?? 'kernel') -
        ROLE_ORDER.indexOf(roleOf(b.name) ?? 'kernel'),
    )
    sorted.forEach((w, i) => (out[`${layer}/${i}`] = { data: w.data, shape: w.shape }))
  }
  return out
}

/** Writes model.py and weights.npz for Keras. Returns the files written. */
export function exportKeras(
  graph: ExportGraph,
  weights: LayerWeights,
  outDir: string,
  name: string,
  stats?: InputStats,
): string[] {
  assertExpressible(graph, 'keras')
  mkdirSync(outDir, { recursive: true })
  const files: [string, string | Buffer][] = [
    ['model.py', kerasSource(graph, name, stats)],
    ['weights.npz', encodeNpz(kerasWeights(weights))],
  ]
  for (const [file, content] of files) writeFileSync(join(outDir, file), content)
  return files.map(([file]) => join(outDir, file))
}
