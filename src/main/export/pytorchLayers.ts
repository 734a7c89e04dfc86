import { type ExportNode, paramsOf } from './graph'
import type { SafeTensor } from './safetensors'
import type { Shape } from './shapes'
import { ExportError, type LayerWeights } from './types'
import { findWeight, requireWeight, transpose } from './weights'
import { assertNever } from '../../shared/assertNever'

/** How one primitive layer appears in model.py: a module built in `__init__` and/or a forward expression. */
export interface TorchLayer {
  /** Module constructor expression, e.g. `nn.Conv2d(1, 6, 5)`; absent for functional ops. */
  module?: string
  /** The forward expression given the input variables and `self.<attr>`; absent means "passes its input through". */
  call?: (args: string[], self: string) => string
}

const py = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v))

/** The PyTorch form of a primitive layer, given its input shape (NHWC, no batch). */
export function torchLayer(node: ExportNode, inShape: Shape): TorchLayer {
  const channels = inShape[inShape.length - 1] ?? 0
  switch (node.kind) {
    case 'input':
      return {}
    case 'conv2d': {
      const p = paramsOf(node, 'conv2d')
      const extra = [
        ...(p.dilation !== 1 ? [`dilation=${p.dilation}`] : []),
        ...(p.useBias ? [] : ['bias=False']),
      ]
      const args = (more: string[]) => [channels, p.filters, p.kernel, ...more, ...extra].join(', ')
      const stride = p.stride !== 1 ? [`stride=${p.stride}`] : []
      let module: string
      if (p.padding === 'explicit') module = `nn.Conv2d(${args([...stride, `padding=${p.pad}`])})`
      else if (p.padding === 'valid') module = `nn.Conv2d(${args(stride)})`
      else if (p.stride === 1 && ((p.kernel - 1) * p.dilation) % 2 === 0) {
        // Stride 1 with an odd window: TF's 'same' is symmetric, so plain padding does.
        const pad = ((p.kernel - 1) * p.dilation) / 2
        module = `nn.Conv2d(${args(pad > 0 ? [`padding=${pad}`] : [])})`
      } else module = `Conv2dSame(${args(stride)})`
      return { module, call: ([x], self) => `${self}(${x})` }
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const p = paramsOf(node, node.kind)
      const base = node.kind === 'maxPool2d' ? 'MaxPool2d' : 'AvgPool2d'
      const module =
        p.padding === 'same'
          ? `${base}Same(${p.pool}, ${p.stride})`
          : `nn.${base}(${p.pool}, ${p.stride})`
      return { module, call: ([x], self) => `${self}(${x})` }
    }
    case 'globalAvgPool':
      return { call: ([x]) => `${x}.mean((2, 3))` }
    case 'flatten':
      // tfjs flattens NHWC; permuting first keeps the next dense layer's weights as trained.
      return {
        call: ([x]) =>
          inShape.length === 3
            ? `torch.flatten(${x}.permute(0, 2, 3, 1), 1)`
            : `torch.flatten(${x}, 1)`,
      }
    case 'dense':
    case 'output': {
      const units =
        node.kind === 'dense' ? paramsOf(node, 'dense').units : paramsOf(node, 'output').classes
      const bias = node.kind === 'dense' && !paramsOf(node, 'dense').useBias ? ', bias=False' : ''
      return {
        module: `nn.Linear(${channels}, ${units}${bias})`,
        call: ([x], self) => `${self}(${x})`,
      }
    }
    case 'activation': {
      const p = paramsOf(node, 'activation')
      const fn = {
        relu: (x: string) => `F.relu(${x})`,
        sigmoid: (x: string) => `torch.sigmoid(${x})`,
        tanh: (x: string) => `torch.tanh(${x})`,
        elu: (x: string) => `F.elu(${x}, ${py(p.alpha)})`,
        leakyRelu: (x: string) => `F.leaky_relu(${x}, ${py(p.alpha)})`,
        softmax: (x: string) => `F.softmax(${x}, 1)`,
        linear: undefined,
      }[p.fn]
      return fn ? { call: ([x]) => fn(x ?? '') } : {}
    }
    case 'batchNorm': {
      const p = paramsOf(node, 'batchNorm')
      const dim = inShape.length === 3 ? '2d' : '1d'
      const affine = p.center || p.scale ? '' : ', affine=False'
      return {
        module: `nn.BatchNorm${dim}(${channels}, eps=${py(p.epsilon)}, momentum=${py(Number((1 - p.momentum).toPrecision(6)))}${affine})`,
        call: ([x], self) => `${self}(${x})`,
      }
    }
    case 'lrn': {
      // tfjs: a / (k + alpha * sum over 2r+1 channels)^beta; torch averages over `size`.
      const p = paramsOf(node, 'lrn')
      const size = 2 * Math.floor(p.size / 2) + 1
      return {
        module: `nn.LocalResponseNorm(${size}, alpha=${py(p.alpha * size)}, beta=${py(p.beta)}, k=${py(p.k)})`,
        call: ([x], self) => `${self}(${x})`,
      }
    }
    case 'dropout':
      return {
        module: `nn.Dropout(${py(paramsOf(node, 'dropout').rate)})`,
        call: ([x], self) => `${self}(${x})`,
      }
    case 'zeroPad2d': {
      const p = paramsOf(node, 'zeroPad2d')
      return { call: ([x]) => `F.pad(${x}, (${p.left}, ${p.right}, ${p.top}, ${p.bottom}))` }
    }
    case 'channelPad': {
      const extra = paramsOf(node, 'channelPad').channels - channels
      return { call: ([x]) => `F.pad(${x}, (0, 0, 0, 0, 0, ${extra}))` }
    }
    case 'concat':
      return { call: (args) => `torch.cat([${args.join(', ')}], 1)` }
    case 'add':
      return { call: (args) => args.join(' + ') }
    default:
      return assertNever(node)
  }
}

/** The state-dict entries of one layer under `prefix` (e.g. `conv1`, `stage2.0.conv1`), in PyTorch layout. */
export function torchTensors(
  node: ExportNode,
  prefix: string,
  weights: LayerWeights,
): SafeTensor[] {
  const f32 = (suffix: string, shape: number[], data: Float32Array): SafeTensor => ({
    name: `${prefix}.${suffix}`,
    dtype: 'F32',
    shape,
    data,
  })
  switch (node.kind) {
    case 'conv2d': {
      const k = requireWeight(weights, node.name, 'kernel')
      const w = transpose(k.data, k.shape, [3, 2, 0, 1])
      const bias = findWeight(weights, node.name, 'bias')
      return [f32('weight', w.shape, w.data), ...(bias ? [f32('bias', bias.shape, bias.data)] : [])]
    }
    case 'dense':
    case 'output': {
      const k = requireWeight(weights, node.name, 'kernel')
      const w = transpose(k.data, k.shape, [1, 0])
      const bias = findWeight(weights, node.name, 'bias')
      return [f32('weight', w.shape, w.data), ...(bias ? [f32('bias', bias.shape, bias.data)] : [])]
    }
    case 'batchNorm': {
      const p = paramsOf(node, 'batchNorm')
      const mean = requireWeight(weights, node.name, 'moving_mean')
      const variance = requireWeight(weights, node.name, 'moving_variance')
      const c = mean.shape[0] ?? 0
      const affine: SafeTensor[] =
        p.center || p.scale
          ? [
              f32(
                'weight',
                [c],
                p.scale
                  ? requireWeight(weights, node.name, 'gamma').data
                  : new Float32Array(c).fill(1),
              ),
              f32(
                'bias',
                [c],
                p.center ? requireWeight(weights, node.name, 'beta').data : new Float32Array(c),
              ),
            ]
          : []
      return [
        ...affine,
        f32('running_mean', [c], mean.data),
        f32('running_var', [c], variance.data),
        {
          name: `${prefix}.num_batches_tracked`,
          dtype: 'I64',
          shape: [],
          data: new BigInt64Array(1),
        },
      ]
    }
    default:
      if (weights.get(node.name)?.length)
        throw new ExportError('bad-graph', `${node.name}: ${node.kind} should have no weights`)
      return []
  }
}
