import { describe, expect, it } from 'vitest'
import { analyze } from './analyze'
import { editAsGroup } from './editAsGroup'
import { expand } from './expand'
import { hasGroupShortcut, withoutGroupShortcut } from './residualShortcut'
import { chain, node } from './testing'
import type { DesignEdge, DesignNode } from './types'

const convert = (n: DesignNode): DesignNode => {
  const r = editAsGroup(n)
  if (!r.ok) throw new Error(r.reason)
  return r.node
}
const inner = (g: DesignNode) => g.params.nodes as DesignNode[]
const innerEdges = (g: DesignNode) => g.params.edges as DesignEdge[]
const net = (block: DesignNode) =>
  chain([
    node('in', 'input', { height: 8, width: 8, channels: 16 }),
    block,
    node('gap', 'globalAvgPool'),
    node('out', 'output'),
  ])
const layerKinds = (block: DesignNode) => expand(net(block)).nodes.map((l) => l.name)

describe('withoutGroupShortcut', () => {
  it.each([
    ['identity', 16, 1],
    ['projection', 32, 2],
    ['zeroPad', 32, 2],
  ] as const)(
    'drops a converted %s shortcut: the same layers as shortcut none',
    (shortcut, filters, stride) => {
      const params = { filters, stride, shortcut }
      const group = convert(node('r', 'residualBlock', params))
      expect(hasGroupShortcut(group)).toBe(true)
      const plain = withoutGroupShortcut(group)
      expect(hasGroupShortcut(plain)).toBe(false)
      const reference = node('r', 'residualBlock', { ...params, shortcut: 'none' })
      expect(layerKinds(plain)).toEqual(layerKinds(reference))
      expect(analyze(net(plain)).totals).toEqual(analyze(net(reference)).totals)
      expect(analyze(net(plain)).valid).toBe(true)
      expect(plain.params.origin).toMatchObject({ params: { shortcut: 'none' } })
      expect(group.params.origin).toMatchObject({ params: { shortcut } })
    },
  )

  it('keeps what the user added inside, and the group exit', () => {
    const group = convert(node('r', 'residualBlock', { shortcut: 'projection', filters: 16 }))
    // The user put a dropout between relu1 and conv2.
    const nodes = [...inner(group), node('drop', 'dropout', { rate: 0.2 })]
    const edges = innerEdges(group)
      .filter((e) => !(e.source === 'relu1' && e.target === 'conv2'))
      .concat([
        { id: 'relu1->drop', source: 'relu1', target: 'drop' },
        { id: 'drop->conv2', source: 'drop', target: 'conv2' },
      ])
    const edited = { ...group, params: { ...group.params, nodes, edges } }
    const plain = withoutGroupShortcut(edited)
    const ids = inner(plain).map((n) => n.id)
    expect(ids).toContain('drop')
    expect(ids).not.toContain('add')
    expect(ids).not.toContain('shortcut_conv')
    expect(innerEdges(plain).map((e) => `${e.source}->${e.target}`)).toContain('bn2->relu')
    expect(analyze(net(plain)).valid).toBe(true)
  })

  it('keeps a sum the user widened to three inputs, its ports closed up', () => {
    const group = convert(node('r', 'residualBlock', { filters: 16 }))
    const edges = [
      ...innerEdges(group),
      { id: 'relu1->add:2', source: 'relu1', target: 'add', targetPort: 2 },
    ]
    const plain = withoutGroupShortcut({ ...group, params: { ...group.params, edges } })
    const into = innerEdges(plain).filter((e) => e.target === 'add')
    expect(into.map((e) => [e.source, e.targetPort ?? 0])).toEqual([
      ['bn2', 0],
      ['relu1', 1],
    ])
    expect(analyze(net(plain)).valid).toBe(true)
  })

  it('leaves alone a group whose sum was removed, a hand-made group and other nodes', () => {
    const group = convert(node('r', 'residualBlock', { filters: 16 }))
    const noSum = {
      ...group,
      params: {
        ...group.params,
        nodes: inner(group).filter((n) => n.id !== 'add'),
        edges: innerEdges(group).filter((e) => e.target !== 'add' && e.source !== 'add'),
      },
    }
    expect(hasGroupShortcut(noSum)).toBe(false)
    expect(withoutGroupShortcut(noSum)).toBe(noSum)
    const handMade = { ...group, params: { nodes: inner(group), edges: innerEdges(group) } }
    expect(hasGroupShortcut(handMade)).toBe(false)
    const conv = node('c', 'conv2d')
    expect(withoutGroupShortcut(conv)).toBe(conv)
    const inception = convert(node('i', 'inceptionModule'))
    expect(hasGroupShortcut(inception)).toBe(false)
  })
})
