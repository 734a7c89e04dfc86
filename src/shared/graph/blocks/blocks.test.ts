import { describe, expect, it } from 'vitest'
import { analyze } from '../analyze'
import { parseDesignFile, serializeDesign } from '../file'
import { design, node } from '../testing'
import type { Cost, Design, Shape } from '../types'
import { blocks, type BlockKind } from './index'

interface Case {
  /** What flows in; a vector comes from a flatten of a 1×1×n input. */
  input: Shape
  params: Record<string, unknown>
  shape: Shape
  /** Worked out by hand from the layer's definition. */
  cost: Cost
}

const free = { params: 0, nonTrainableParams: 0, macs: 0 }

/** One case per kind: a `Record` so a new kind without a case does not type-check. */
const cases: Record<BlockKind, Case> = {
  input: {
    input: [32, 24, 3],
    params: { height: 32, width: 24, channels: 3 },
    shape: [32, 24, 3],
    cost: free,
  },
  // valid: floor((32 - 5) / 2) + 1 = 14; 5·5·3·8 weights + 8 biases; weights · 14 · 14 MACs
  conv2d: {
    input: [32, 32, 3],
    params: { filters: 8, kernel: 5, stride: 2, padding: 'valid' },
    shape: [14, 14, 8],
    cost: { params: 608, nonTrainableParams: 0, macs: 600 * 14 * 14 },
  },
  dense: {
    input: [20],
    params: { units: 10 },
    shape: [10],
    cost: { params: 210, nonTrainableParams: 0, macs: 200 },
  },
  flatten: { input: [4, 5, 6], params: {}, shape: [120], cost: free },
  zeroPad2d: {
    input: [8, 8, 2],
    params: { top: 1, bottom: 2, left: 3, right: 0 },
    shape: [11, 11, 2],
    cost: free,
  },
  channelPad: { input: [4, 4, 6], params: { channels: 10 }, shape: [4, 4, 10], cost: free },
  activation: {
    input: [8, 8, 3],
    params: { fn: 'leakyRelu', alpha: 0.1 },
    shape: [8, 8, 3],
    cost: free,
  },
  maxPool2d: { input: [9, 9, 4], params: {}, shape: [4, 4, 4], cost: free },
  avgPool2d: {
    input: [9, 9, 4],
    params: { pool: 3, stride: 2, padding: 'same' },
    shape: [5, 5, 4],
    cost: free,
  },
  globalAvgPool: { input: [7, 7, 512], params: {}, shape: [512], cost: free },
  // γ and β trainable, moving mean and variance not
  batchNorm: {
    input: [8, 8, 16],
    params: {},
    shape: [8, 8, 16],
    cost: { params: 32, nonTrainableParams: 32, macs: 0 },
  },
  lrn: { input: [13, 13, 96], params: {}, shape: [13, 13, 96], cost: free },
  dropout: { input: [100], params: { rate: 0.3 }, shape: [100], cost: free },
  concat: { input: [8, 8, 16], params: {}, shape: [8, 8, 32], cost: free },
  add: { input: [8, 8, 16], params: {}, shape: [8, 8, 16], cost: free },
  output: {
    input: [84],
    params: { classes: 10 },
    shape: [10],
    cost: { params: 850, nonTrainableParams: 0, macs: 840 },
  },
  // GoogLeNet inception (3a) on 28×28×192: 64 + 128 + 32 + 32 = 256 channels; the paper's 128M ops
  inceptionModule: {
    input: [28, 28, 192],
    params: {},
    shape: [28, 28, 256],
    cost: {
      params: 12352 + 18528 + 110720 + 3088 + 12832 + 6176,
      nonTrainableParams: 0,
      macs: (192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32) * 28 * 28,
    },
  },
  // CIFAR ResNet basic block, 16 filters: 2·(3·3·16·16) weights + 2·(2·16) BN
  residualBlock: {
    input: [32, 32, 16],
    params: { filters: 16 },
    shape: [32, 32, 16],
    cost: { params: 4672, nonTrainableParams: 64, macs: 2 * 9 * 16 * 16 * 32 * 32 },
  },
  // block 1: 3·3·16·32 + 3·3·32·32 + 1·1·16·32 (projection); block 2: 2 · 3·3·32·32; five BNs of 32
  stage: {
    input: [32, 32, 16],
    params: { filters: 32, stride: 2, shortcut: 'projection', blocks: 2 },
    shape: [16, 16, 32],
    cost: {
      params: 4608 + 9216 + 512 + 2 * 9216 + 5 * 64,
      nonTrainableParams: 5 * 64,
      macs: 32768 * 16 * 16,
    },
  },
  group: {
    input: [8, 8, 2],
    params: {
      nodes: [
        node('x', 'input'),
        node('c', 'conv2d', { filters: 4, kernel: 1, useBias: false }),
        node('r', 'activation'),
      ],
      edges: [
        { id: 'i1', source: 'x', target: 'c' },
        { id: 'i2', source: 'c', target: 'r' },
      ],
    },
    shape: [8, 8, 4],
    cost: { params: 8, nonTrainableParams: 0, macs: 8 * 64 },
  },
}

/** input → (flatten when the case feeds a vector) → the block (twice into merges). */
function harness(kind: BlockKind, c: Case): Design {
  if (kind === 'input') return design([node('b', 'input', c.params)], [])
  const vector = c.input.length === 1
  const [h, w, ch] = vector ? [1, 1, c.input[0]] : c.input
  const nodes = [
    node('in', 'input', { height: h, width: w, channels: ch }),
    node('b', kind, c.params),
  ]
  const from = vector ? 'f' : 'in'
  if (vector) nodes.splice(1, 0, node('f', 'flatten'))
  const links: [string, string, number?][] = vector ? [['in', 'f']] : []
  links.push([from, 'b', 0])
  if (blocks.find((s) => s.kind === kind)?.ports.variadic) links.push([from, 'b', 1])
  return design(nodes, links)
}

describe.each(blocks.map((spec) => [spec.kind, spec] as const))('block %s', (kind, spec) => {
  const c = cases[kind]

  it('has a label, a one-line description and parsing defaults', () => {
    expect(spec.label.length).toBeGreaterThan(0)
    expect(spec.description).not.toMatch(/\n/)
    expect(spec.params.parse({})).toEqual(spec.defaults)
    for (const [name, field] of Object.entries(spec.params.shape)) {
      expect(
        (field as { meta(): { description?: string } | undefined }).meta()?.description,
        name,
      ).toBeTruthy()
    }
  })

  it('infers the shape and the cost worked out by hand', () => {
    const analysis = analyze(harness(kind, c))
    expect(analysis.diagnostics.filter((d) => d.nodeId === 'b')).toEqual([])
    expect(analysis.nodes.b?.shape).toEqual(c.shape)
    expect(analysis.nodes.b?.cost).toEqual(c.cost)
    expect(analysis.nodes.b?.inputShapes.every((s) => s !== null)).toBe(true)
  })

  it('round-trips through the design file', () => {
    const d = harness(kind, c)
    const parsed = parseDesignFile(serializeDesign(d))
    expect(parsed).toEqual({ ok: true, design: d })
    if (parsed.ok) expect(analyze(parsed.design).nodes).toEqual(analyze(d).nodes)
  })
})
