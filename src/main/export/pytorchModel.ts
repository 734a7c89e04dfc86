import { blockSpec, layerName, type Design, type DesignNode } from '../../shared/graph'
import type { ExportGraph, ExportNode } from './graph'
import { INCEPTION, INCEPTION_ATTRS, PRELUDE, RESIDUAL } from './pytorchPrelude'
import { torchLayer, torchTensors } from './pytorchLayers'
import type { SafeTensor } from './safetensors'
import { inferShapes } from './shapes'
import type { LayerWeights } from './types'

export interface TorchModelInfo {
  name: string
  /** Per-channel input statistics in 0..255 units (the trainer's normalisation), when known. */
  mean?: readonly number[]
  std?: readonly number[]
}

export interface TorchModel {
  source: string
  tensors: SafeTensor[]
}

/** One statement of `forward`: the value it produces and the values it reads. */
interface Statement {
  out: string
  inputs: string[]
  /** null: the value is its input (identity), no line is written. */
  expr: ((args: string[]) => string) | null
}

/** A composite block that model.py writes as one module (a Block, Stage or Inception). */
interface CompositeUnit {
  attr: string
  ctor: string
  /** State-dict prefix of each layer inside, by layer name. */
  prefixOf: Map<string, string>
  input: string
  exit: string
}

const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield self torch nn F x ' +
    'forward training train eval parameters modules children state_dict load_state_dict to cuda cpu float double half ' +
    'apply zero_grad buffers type predict add_module register_buffer'
  ).split(' '),
)

function identifier(name: string, taken: Set<string>): string {
  let id = name.replace(/[^A-Za-z0-9_]/g, '_')
  if (!/^[A-Za-z_]/.test(id)) id = `l_${id}`
  if (RESERVED.has(id)) id = `${id}_`
  let unique = id
  for (let i = 2; taken.has(unique); i++) unique = `${id}_${i}`
  taken.add(unique)
  return unique
}

/** The local names of a composite's layers → state-dict prefix, or undefined when its layout is not the one model.py's classes build. */
function compositeLayout(
  design: DesignNode,
  nodes: readonly ExportNode[],
  attr: string,
): Map<string, string> | undefined {
  const prefix = `${layerName(design)}_`
  const out = new Map<string, string>()
  for (const n of nodes) {
    if (!n.name.startsWith(prefix)) return undefined
    const local = n.name.slice(prefix.length)
    if (!['conv2d', 'batchNorm'].includes(n.kind)) continue
    if (design.kind === 'stage') {
      const m = /^block(\d+)_(conv[123]|bn[123]|shortcut_conv|shortcut_bn)$/.exec(local)
      if (!m) return undefined
      out.set(n.name, `${attr}.${Number(m[1]) - 1}.${m[2]}`)
    } else if (design.kind === 'residualBlock') {
      if (!/^(conv[123]|bn[123]|shortcut_conv|shortcut_bn)$/.test(local)) return undefined
      out.set(n.name, `${attr}.${local}`)
    } else {
      const a = INCEPTION_ATTRS[local]
      if (!a) return undefined
      out.set(n.name, `${attr}.${a}`)
    }
  }
  return out
}

const PREPROCESS = `def preprocess(images):
    """uint8 images NHWC (numpy array or tensor) -> the normalised NCHW float tensor Net takes."""
    x = torch.as_tensor(images).permute(0, 3, 1, 2).float()
    return (x - torch.tensor(MEAN).view(1, -1, 1, 1)) / torch.tensor(STD).view(1, -1, 1, 1)
`

function pyList(values: readonly number[]): string {
  return `[${values.map((v) => Number(v.toPrecision(7))).join(', ')}]`
}

/**
 * Writes model.py (an nn.Module mirroring the design: residual blocks, stages and inception
 * modules as small classes, other layers one attribute each) and its state dict. The module
 * takes NCHW float input normalised as in training and returns logits.
 */
export function buildTorchModel(
  design: Design,
  graph: ExportGraph,
  weights: LayerWeights,
  info: TorchModelInfo,
): TorchModel {
  const shapes = inferShapes(graph)
  const byOrigin = new Map<string, ExportNode[]>()
  for (const n of graph.nodes) byOrigin.set(n.origin, [...(byOrigin.get(n.origin) ?? []), n])

  const taken = new Set<string>()
  const inits: string[] = []
  const statements: Statement[] = []
  const tensors: SafeTensor[] = []
  const used = { residual: false, inception: false }
  const done = new Set<string>()

  for (const node of graph.nodes) {
    if (done.has(node.id)) continue
    const group = byOrigin.get(node.origin) ?? [node]
    const unit = planComposite(design, group, graph, shapes, taken)
    if (unit) {
      for (const n of group) done.add(n.id)
      inits.push(`        self.${unit.attr} = ${unit.ctor}`)
      statements.push({
        out: unit.exit,
        inputs: [unit.input],
        expr: ([x]) => `self.${unit.attr}(${x})`,
      })
      for (const n of group) {
        const prefix = unit.prefixOf.get(n.name)
        if (prefix) tensors.push(...torchTensors(n, prefix, weights))
      }
      if (unit.ctor.startsWith('Inception')) used.inception = true
      else used.residual = true
      continue
    }
    done.add(node.id)
    const layer = torchLayer(node, shapes.get(node.inputs[0] ?? '') ?? [])
    let self = ''
    if (layer.module) {
      const attr = identifier(node.name, taken)
      self = `self.${attr}`
      inits.push(`        ${self} = ${layer.module}`)
      tensors.push(...torchTensors(node, attr, weights))
    }
    const call = layer.call
    statements.push({
      out: node.id,
      inputs: node.kind === 'input' ? [] : node.inputs,
      expr: call ? (args) => call(args, self) : null,
    })
  }

  // Readers per value at the statement level (a composite's inner reads do not count).
  const consumers = new Map<string, number>()
  for (const s of statements)
    for (const i of s.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1)
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]))
  const vars = new Map<string, string>()
  const varNames = new Set<string>(['x'])
  const lines: string[] = []
  let previous = ''
  for (const s of statements) {
    if (s.inputs.length === 0) {
      vars.set(s.out, 'x')
      previous = s.out
      continue
    }
    const args = s.inputs.map((i) => vars.get(i) ?? 'x')
    if (s.expr === null) {
      vars.set(s.out, args[0] ?? 'x')
      continue
    }
    // A chain reuses `x`; a value read twice (a branch point) gets its own name.
    const only = s.inputs.length === 1 ? s.inputs[0] : undefined
    const chain = only !== undefined && only === previous && (consumers.get(only) ?? 0) <= 1
    const v = chain ? (vars.get(only) ?? 'x') : identifier(names.get(s.out) ?? 'y', varNames)
    vars.set(s.out, v)
    lines.push(`        ${v} = ${s.expr(args)}`)
    previous = s.out
  }
  lines.push(`        return ${vars.get(graph.outputId) ?? 'x'}`)

  const inShape = shapes.get(graph.inputId) ?? []
  const stats =
    info.mean && info.std
      ? `\n# Input normalisation used in training: (pixel - MEAN) / STD per channel, pixels in 0..255.\nMEAN = ${pyList(info.mean)}\nSTD = ${pyList(info.std)}\n\n\n${PREPROCESS}`
      : ''
  const source = [
    `"""${info.name}, exported from Blockwise.`,
    '',
    `Net takes float images NCHW [batch, ${inShape[2]}, ${inShape[0]}, ${inShape[1]}] normalised as in training and`,
    'returns logits (apply softmax for probabilities). load_model() builds it with the trained weights.',
    '"""',
    PRELUDE,
    used.residual ? RESIDUAL : '',
    used.inception ? INCEPTION : '',
    stats,
    '',
    'class Net(nn.Module):',
    `    """${info.name}: ${inShape.join('x')} images (HxWxC) -> ${shapes.get(graph.outputId)?.[0] ?? '?'} class scores."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(inits.length ? inits : ['        pass']),
    '',
    '    def forward(self, x):',
    ...lines,
    '',
    '',
    'def load_model(path="model.safetensors"):',
    '    """The trained Net, in eval mode."""',
    '    model = Net()',
    '    model.load_state_dict(load_safetensors(path))',
    '    return model.eval()',
    '',
  ].join('\n')
  return { source: source.replace(/\n{4,}/g, '\n\n\n'), tensors }
}

function planComposite(
  design: Design,
  group: readonly ExportNode[],
  graph: ExportGraph,
  shapes: Map<string, number[]>,
  taken: Set<string>,
): CompositeUnit | undefined {
  const first = group[0]
  const d = design.nodes.find((n) => n.id === first?.origin)
  if (!d || !first || !['residualBlock', 'stage', 'inceptionModule'].includes(d.kind))
    return undefined
  const ids = new Set(group.map((n) => n.id))
  const external = new Set(group.flatMap((n) => n.inputs).filter((i) => !ids.has(i)))
  const exits = group.filter(
    (n) =>
      n.id === graph.outputId || graph.nodes.some((m) => !ids.has(m.id) && m.inputs.includes(n.id)),
  )
  const [input] = [...external]
  const exit = exits[0]
  if (external.size !== 1 || exits.length !== 1 || input === undefined || exit === undefined)
    return undefined
  const spec = blockSpec(d.kind)
  const parsed = spec?.params.safeParse(d.params)
  if (!parsed?.success) return undefined
  const p = parsed.data as Record<string, string | number | boolean>
  const attr = identifier(layerName(d), taken)
  const prefixOf = compositeLayout(d, group, attr)
  if (!prefixOf) {
    taken.delete(attr)
    return undefined
  }
  const inChannels = shapes.get(input)?.at(-1) ?? 0
  const bn = group.find((n) => n.kind === 'batchNorm')
  const bnParams = bn?.kind === 'batchNorm' ? bn.params : { epsilon: 1e-3, momentum: 0.99 }
  const bnArgs = `eps=${bnParams.epsilon}, momentum=${Number((1 - bnParams.momentum).toPrecision(6))}`
  const s = (v: unknown) => JSON.stringify(v)
  const bool = (v: unknown) => (v ? 'True' : 'False')
  let ctor: string
  if (d.kind === 'inceptionModule') {
    ctor = `Inception(${inChannels}, ${p.b1x1}, ${p.b3x3reduce}, ${p.b3x3}, ${p.b5x5reduce}, ${p.b5x5}, ${p.poolProj})`
  } else if (d.kind === 'residualBlock') {
    ctor = `Block(${s(p.variant)}, ${inChannels}, ${p.filters}, stride=${p.stride}, shortcut=${s(p.shortcut)}, batch_norm=${bool(p.batchNorm)}, ${bnArgs})`
  } else {
    ctor = `Stage(${s(p.variant)}, ${inChannels}, ${p.filters}, blocks=${p.blocks}, stride=${p.stride}, shortcut=${s(p.shortcut)}, batch_norm=${bool(p.batchNorm)}, ${bnArgs})`
  }
  return { attr, ctor, prefixOf, input, exit: exit.id }
}
