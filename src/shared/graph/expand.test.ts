import { describe, expect, it } from 'vitest'
import { analyze } from './analyze'
import { expand } from './expand'
import { chain, design, node } from './testing'

const sample = () =>
  chain([
    node('in', 'input', { height: 32, width: 32, channels: 3 }),
    { ...node('c1', 'conv2d', { filters: 16 }), label: 'conv 1' },
    node('s2', 'stage', { filters: 32, stride: 2, shortcut: 'projection', blocks: 2 }),
    { ...node('i3', 'inceptionModule'), label: 'inception3a' },
    node('gap', 'globalAvgPool'),
    node('out', 'output'),
  ])

describe('expand', () => {
  it('is deterministic', () => {
    expect(expand(sample())).toEqual(expand(sample()))
    expect(JSON.stringify(expand(sample()))).toBe(JSON.stringify(expand(sample())))
  })

  it('names layers readably and uniquely, and remembers their origin', () => {
    const g = expand(sample())
    const names = g.nodes.map((n) => n.name)
    expect(new Set(names).size).toBe(names.length)
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(names.length)
    expect(names.slice(0, 2)).toEqual(['in', 'conv_1'])
    expect(names).toContain('s2_block1_conv2')
    expect(names).toContain('s2_block1_shortcut_conv')
    expect(names).toContain('inception3a_pool_proj')
    expect(g.nodes.find((n) => n.name === 's2_block2_add')).toMatchObject({
      id: 's2/block2/add',
      kind: 'add',
      origin: 's2',
      inputs: ['s2/block2/bn2', 's2/block1/relu'],
    })
    expect(g.inputId).toBe('in')
    expect(g.outputId).toBe('out')
  })

  it('lists layers in topological order with every default filled', () => {
    const g = expand(sample())
    const seen = new Set<string>()
    for (const n of g.nodes) {
      for (const i of n.inputs) expect(seen.has(i), `${n.name} after ${i}`).toBe(true)
      seen.add(n.id)
    }
    const conv = g.nodes.find((n) => n.id === 's2/block1/conv1')
    expect(conv?.params).toEqual({
      filters: 32,
      kernel: 3,
      stride: 2,
      padding: 'same',
      pad: 0,
      dilation: 1,
      useBias: false,
    })
  })

  it('makes names unique when labels collide', () => {
    const d = chain([
      node('in', 'input'),
      { ...node('a', 'activation'), label: 'act' },
      { ...node('b', 'activation'), label: 'act' },
      node('f', 'flatten'),
      node('out', 'output'),
    ])
    expect(expand(d).nodes.map((n) => n.name)).toEqual(['in', 'act', 'act_2', 'f', 'out'])
  })

  it('gives names that start with a letter', () => {
    const d = chain([node('1', 'input'), node('2', 'flatten'), node('3', 'output')])
    expect(expand(d).nodes.map((n) => n.name)).toEqual(['input_1', 'flatten_2', 'output_3'])
  })

  it.each([
    ['identity', 16, 1, ['add']],
    ['zeroPad', 32, 2, ['shortcut_pool', 'shortcut_pad', 'add']],
    ['projection', 32, 2, ['shortcut_conv', 'shortcut_bn', 'add']],
    ['none', 32, 2, []],
  ] as const)('builds the %s shortcut', (shortcut, filters, stride, extra) => {
    const d = chain([
      node('in', 'input', { height: 8, width: 8, channels: 16 }),
      node('r', 'residualBlock', { filters, stride, shortcut }),
    ])
    const names = expand(d).nodes.map((n) => n.name.replace(/^r_/, ''))
    expect(names).toEqual(['in', 'conv1', 'bn1', 'relu1', 'conv2', 'bn2', ...extra, 'relu'])
    expect(analyze(d).nodes.r?.shape).toEqual([8 / stride, 8 / stride, filters])
  })

  it('builds a bottleneck block with the stride in its 3×3 conv and 4× output', () => {
    const d = chain([
      node('in', 'input', { height: 8, width: 8, channels: 64 }),
      node('r', 'residualBlock', {
        variant: 'bottleneck',
        filters: 16,
        stride: 2,
        shortcut: 'projection',
        batchNorm: false,
      }),
    ])
    const g = expand(d)
    expect(g.nodes.map((n) => n.name)).toEqual([
      'in',
      'r_conv1',
      'r_relu1',
      'r_conv2',
      'r_relu2',
      'r_conv3',
      'r_shortcut_conv',
      'r_add',
      'r_relu',
    ])
    expect(g.nodes.find((n) => n.name === 'r_conv2')?.params).toMatchObject({
      kernel: 3,
      stride: 2,
      useBias: true,
    })
    expect(analyze(d).nodes.r?.shape).toEqual([4, 4, 64])
  })

  it('repeats a stage block N times, later blocks identity (or none when plain)', () => {
    const plain = chain([
      node('in', 'input', { height: 8, width: 8, channels: 16 }),
      node('s', 'stage', { blocks: 3, shortcut: 'none', filters: 16 }),
    ])
    const names = expand(plain).nodes.map((n) => n.name)
    expect(names.filter((n) => n.endsWith('_add'))).toEqual([])
    expect(names.filter((n) => n.endsWith('conv1'))).toEqual([
      's_block1_conv1',
      's_block2_conv1',
      's_block3_conv1',
    ])
    const res = chain([
      node('in', 'input', { height: 8, width: 8, channels: 16 }),
      node('s', 'stage', { blocks: 3, filters: 32, stride: 2, shortcut: 'zeroPad' }),
    ])
    const resNames = expand(res).nodes.map((n) => n.name)
    expect(resNames.filter((n) => n.includes('shortcut'))).toEqual([
      's_block1_shortcut_pool',
      's_block1_shortcut_pad',
    ])
    expect(resNames.filter((n) => n.endsWith('_add'))).toHaveLength(3)
  })

  it('expands a group in place, its entry standing for the tensor flowing in', () => {
    const inner = {
      nodes: [
        node('x', 'input'),
        node('c', 'conv2d', { filters: 8 }),
        node('r', 'residualBlock', { filters: 8 }),
        node('a', 'add'),
      ],
      edges: [
        { id: 'i1', source: 'x', target: 'c' },
        { id: 'i2', source: 'c', target: 'r' },
        { id: 'i3', source: 'r', target: 'a', targetPort: 0 },
        { id: 'i4', source: 'c', target: 'a', targetPort: 1 },
      ],
    }
    const d = design(
      [
        node('in', 'input', { height: 8, width: 8, channels: 3 }),
        { ...node('g', 'group', inner), label: 'my block' },
        node('gap', 'globalAvgPool'),
        node('out', 'output'),
      ],
      [
        ['in', 'g'],
        ['g', 'gap'],
        ['gap', 'out'],
      ],
    )
    const g = expand(d)
    const inside = g.nodes.filter((n) => n.origin === 'g')
    expect(inside.map((n) => n.name)).toEqual([
      'my_block_c',
      'my_block_r_conv1',
      'my_block_r_bn1',
      'my_block_r_relu1',
      'my_block_r_conv2',
      'my_block_r_bn2',
      'my_block_r_add',
      'my_block_r_relu',
      'my_block_a',
    ])
    expect(inside[0]).toMatchObject({ id: 'g/c', inputs: ['in'] })
    expect(g.nodes.find((n) => n.id === 'gap')?.inputs).toEqual(['g/a'])
    const a = analyze(d)
    expect(a.valid).toBe(true)
    expect(a.nodes.g?.shape).toEqual([8, 8, 8])
    expect(a.nodes.g?.inner.map((l) => l.id)).toEqual(inside.map((n) => n.id))
    expect(a.nodes.g?.cost.params).toBe(9 * 3 * 8 + 8 + 2 * 9 * 8 * 8 + 4 * 8)
  })

  it('expands a group inside a group, ignoring the params of the entries', () => {
    const entry = { ...node('x', 'input', { height: 0 }) }
    const innermost = {
      nodes: [entry, node('r', 'activation', { fn: 'tanh' })],
      edges: [{ id: 'i1', source: 'x', target: 'r' }],
    }
    const middle = {
      nodes: [entry, node('inner', 'group', innermost)],
      edges: [{ id: 'i1', source: 'x', target: 'inner' }],
    }
    const d = chain([
      node('in', 'input'),
      node('g', 'group', middle),
      node('f', 'flatten'),
      node('out', 'output'),
    ])
    const a = analyze(d)
    expect(a.diagnostics).toEqual([])
    expect(a.graph.nodes.map((n) => [n.id, n.name, n.origin])).toEqual([
      ['in', 'in', 'in'],
      ['g/inner/r', 'g_inner_r', 'g'],
      ['f', 'f', 'f'],
      ['out', 'out', 'out'],
    ])
    expect(a.nodes.g?.shape).toEqual([28, 28, 1])
  })

  it('passes the tensor straight through an empty group', () => {
    const d = chain([
      node('in', 'input'),
      node('g', 'group'),
      node('f', 'flatten'),
      node('out', 'output'),
    ])
    const a = analyze(d)
    expect(a.valid).toBe(true)
    expect(a.graph.nodes.find((n) => n.id === 'f')?.inputs).toEqual(['in'])
    expect(a.nodes.g?.shape).toEqual([28, 28, 1])
  })
})
