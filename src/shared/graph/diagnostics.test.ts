import { describe, expect, it } from 'vitest'
import { analyze } from './analyze'
import { chain, design, node } from './testing'
import type { Design, Diagnostic } from './types'

const input = (h = 28, w = h, c = 1) => node('in', 'input', { height: h, width: w, channels: c })
const out = node('out', 'output')
const flat = node('f', 'flatten')

function errors(d: Design): Diagnostic[] {
  return analyze(d).diagnostics.filter((x) => x.severity === 'error')
}

/** One minimal bad design per diagnostic, and the one error it must give. */
const bad: [string, Design, Partial<Diagnostic>][] = [
  [
    'cycle',
    design(
      [input(), node('n3', 'conv2d'), node('n7', 'activation'), flat, out],
      [
        ['in', 'n3'],
        ['n3', 'n7'],
        ['n7', 'n3', 1],
        ['n7', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'too-many-inputs', nodeId: 'n3' },
  ],
  [
    'cycle (add, so the extra input is allowed)',
    design(
      [input(), node('n3', 'add'), node('n7', 'activation'), flat, out],
      [
        ['in', 'n3'],
        ['n3', 'n7'],
        ['n7', 'n3', 1],
        ['n7', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'cycle', nodeId: 'n3', message: 'cycle through n3 → n7 → n3' },
  ],
  [
    'missing input',
    design(
      [input(), node('c', 'conv2d'), flat, out],
      [
        ['c', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'missing-input', nodeId: 'c', message: 'conv2d: no input connected' },
  ],
  [
    'dangling connection',
    design(
      [input(), flat, out],
      [
        ['in', 'f'],
        ['f', 'out'],
        ['ghost', 'f'],
      ],
    ),
    { code: 'dangling-edge', nodeId: 'f', message: 'connection e3 points to missing block ghost' },
  ],
  [
    'two inputs into a one-input block',
    design(
      [input(), node('c', 'conv2d'), flat, out],
      [
        ['in', 'c'],
        ['in', 'c'],
        ['c', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'too-many-inputs', nodeId: 'c', message: 'conv2d: takes 1 input, has 2' },
  ],
  [
    'add with one input',
    design(
      [input(), node('a', 'add'), flat, out],
      [
        ['in', 'a'],
        ['a', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'missing-input', nodeId: 'a', message: 'add: needs at least 2 inputs, has 1' },
  ],
  ['no input node', chain([node('d', 'dense'), out]), { code: 'no-input', nodeId: null }],
  [
    'several input nodes',
    design(
      [input(), node('in2', 'input'), flat, out],
      [
        ['in', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'several-inputs', nodeId: 'in2' },
  ],
  ['no output node', chain([input(), flat]), { code: 'no-output', nodeId: null }],
  [
    'several output nodes',
    design(
      [input(), flat, out, node('out2', 'output')],
      [
        ['in', 'f'],
        ['f', 'out'],
        ['f', 'out2'],
      ],
    ),
    { code: 'several-outputs', nodeId: 'out2' },
  ],
  [
    'an input fed by another block',
    design(
      [input(), node('in2', 'input'), flat, out],
      [
        ['in', 'in2'],
        ['in2', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'too-many-inputs', nodeId: 'in2', message: 'input: takes no inputs, has 1' },
  ],
  [
    'add with different shapes',
    design(
      [
        input(28, 28, 64),
        node('c', 'conv2d', { filters: 128, stride: 2 }),
        node('a', 'add'),
        flat,
        out,
      ],
      [
        ['in', 'c'],
        ['in', 'a', 0],
        ['c', 'a', 1],
        ['a', 'f'],
        ['f', 'out'],
      ],
    ),
    {
      code: 'add-shape-mismatch',
      nodeId: 'a',
      message: 'add: inputs 28×28×64 and 14×14×128 differ',
    },
  ],
  [
    'residual block whose identity shortcut cannot match',
    chain([input(32, 32, 16), node('r', 'residualBlock', { filters: 32, stride: 2 }), flat, out]),
    {
      code: 'residual-shape-mismatch',
      nodeId: 'r',
      message: 'r_add: inputs 16×16×32 and 32×32×16 differ',
    },
  ],
  [
    'concat with different spatial size',
    design(
      [input(28, 28, 8), node('p', 'maxPool2d'), node('k', 'concat'), flat, out],
      [
        ['in', 'p'],
        ['in', 'k', 0],
        ['p', 'k', 1],
        ['k', 'f'],
        ['f', 'out'],
      ],
    ),
    {
      code: 'concat-shape-mismatch',
      nodeId: 'k',
      message: 'concat: inputs 28×28×8 and 14×14×8 differ in spatial size',
    },
  ],
  [
    'kernel larger than its input',
    chain([input(4), node('c', 'conv2d', { kernel: 5, padding: 'valid' }), flat, out]),
    { code: 'kernel-too-large', nodeId: 'c', message: 'conv2d: kernel 5 larger than input 4×4' },
  ],
  [
    'kernel larger than its explicitly padded input',
    chain([input(2), node('c', 'conv2d', { kernel: 7, padding: 'explicit', pad: 2 }), flat, out]),
    {
      code: 'kernel-too-large',
      nodeId: 'c',
      message: 'conv2d: kernel 7 larger than padded input 6×6',
    },
  ],
  [
    'pool larger than its input',
    chain([input(2), node('p', 'maxPool2d', { pool: 3 }), flat, out]),
    { code: 'kernel-too-large', nodeId: 'p', message: 'maxPool2d: pool 3 larger than input 2×2' },
  ],
  [
    'dense on a feature map',
    chain([input(7, 7, 512), node('d', 'dense'), out]),
    {
      code: 'needs-flatten',
      nodeId: 'd',
      message: 'dense: needs a vector, got 7×7×512; insert a flatten',
    },
  ],
  ['output on a feature map', chain([input(), out]), { code: 'needs-flatten', nodeId: 'out' }],
  [
    'conv on a vector',
    chain([input(), flat, node('c', 'conv2d'), out]),
    { code: 'needs-feature-map', nodeId: 'c' },
  ],
  [
    'zero size',
    chain([input(0), flat, out]),
    { code: 'invalid-param', nodeId: 'in', message: 'input: height must be ≥ 1 (got 0)' },
  ],
  [
    'negative size',
    chain([input(), node('c', 'conv2d', { filters: -3 }), flat, out]),
    { code: 'invalid-param', nodeId: 'c', message: 'conv2d: filters must be ≥ 1 (got -3)' },
  ],
  [
    'param of the wrong kind',
    chain([input(), node('c', 'conv2d', { padding: 'full' }), flat, out]),
    {
      code: 'invalid-param',
      nodeId: 'c',
      message: 'conv2d: padding must be one of same, valid, explicit (got "full")',
    },
  ],
  [
    'a fractional kernel',
    chain([input(), node('c', 'conv2d', { kernel: 2.5 }), flat, out]),
    {
      code: 'invalid-param',
      nodeId: 'c',
      message: 'conv2d: kernel must be a whole number (got 2.5)',
    },
  ],
  [
    'a block fed by itself',
    design(
      [input(), node('a', 'add'), flat, out],
      [
        ['in', 'a'],
        ['a', 'a', 1],
        ['a', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'cycle', nodeId: 'a', message: 'cycle through a → a' },
  ],
  [
    'unknown kind',
    chain([input(), node('x', 'capsule'), flat, out]),
    { code: 'unknown-kind', nodeId: 'x', message: "unknown block kind 'capsule'" },
  ],
  [
    'duplicate ids',
    design(
      [input(), flat, node('f', 'dropout'), out],
      [
        ['in', 'f'],
        ['f', 'out'],
      ],
    ),
    { code: 'duplicate-id', nodeId: 'f' },
  ],
  [
    'stride with dilation',
    chain([input(), node('c', 'conv2d', { stride: 2, dilation: 2 }), flat, out]),
    { code: 'stride-and-dilation', nodeId: 'c' },
  ],
  [
    'channel pad that narrows',
    chain([input(8, 8, 16), node('p', 'channelPad', { channels: 8 }), flat, out]),
    { code: 'channel-pad-too-small', nodeId: 'p' },
  ],
  [
    'group without an input inside',
    chain([input(), node('g', 'group', { nodes: [node('c', 'conv2d')], edges: [] }), flat, out]),
    { code: 'group-entry', nodeId: 'g' },
  ],
  [
    'group with two exits',
    chain([
      input(),
      node('g', 'group', {
        nodes: [node('x', 'input'), node('a', 'activation'), node('b', 'activation')],
        edges: [
          { id: 'i1', source: 'x', target: 'a' },
          { id: 'i2', source: 'x', target: 'b' },
        ],
      }),
      flat,
      out,
    ]),
    { code: 'group-exit', nodeId: 'g', message: 'g: a group needs exactly one exit, has 2 (a, b)' },
  ],
  [
    'an output inside a group',
    chain([
      input(),
      node('g', 'group', {
        nodes: [node('x', 'input'), flat, node('o', 'output')],
        edges: [
          { id: 'i1', source: 'x', target: 'f' },
          { id: 'i2', source: 'f', target: 'o' },
        ],
      }),
      out,
    ]),
    {
      code: 'group-output',
      nodeId: 'g',
      message: 'g › o: output: the output block cannot be inside a group',
    },
  ],
  [
    'a broken block inside a group',
    chain([
      input(4),
      node('g', 'group', {
        nodes: [node('x', 'input'), node('c', 'conv2d', { kernel: 5, padding: 'valid' })],
        edges: [{ id: 'i1', source: 'x', target: 'c' }],
      }),
      flat,
      out,
    ]),
    { code: 'kernel-too-large', nodeId: 'g', message: 'g_c: kernel 5 larger than input 4×4' },
  ],
]

describe('diagnostics', () => {
  it.each(bad)('%s', (_name, d, expected) => {
    const found = errors(d)
    expect(found).toContainEqual(expect.objectContaining({ severity: 'error', ...expected }))
    expect(analyze(d).valid).toBe(false)
  })
})
