import { describe, expect, it } from 'vitest'
import { getTemplate, templates } from '../templates'
import { analyze } from './analyze'
import { editAsGroup, groupOrigin, isEditableKind } from './editAsGroup'
import { expand } from './expand'
import { chain, node } from './testing'
import type { Design, DesignEdge, DesignNode } from './types'

/** `n` edited as a group; fails the test when the conversion refuses. */
function convert(n: DesignNode): DesignNode {
  const result = editAsGroup(n)
  if (!result.ok) throw new Error(result.reason)
  return result.node
}

/** Every editable block of a level converted; `deep` converts the blocks of stages' groups too. */
export function convertAll(nodes: readonly DesignNode[], deep: boolean): DesignNode[] {
  return nodes.map((n) => {
    if (!isEditableKind(n.kind)) return n
    const group = convert(n)
    if (!deep) return group
    const inner = convertAll(group.params.nodes as DesignNode[], deep)
    return { ...group, params: { ...group.params, nodes: inner } }
  })
}

const inside = (g: DesignNode) => ({
  nodes: g.params.nodes as DesignNode[],
  edges: g.params.edges as DesignEdge[],
})
const link = (e: DesignEdge) => `${e.source}->${e.target}${e.targetPort ? `:${e.targetPort}` : ''}`

const withComposites = templates.filter((t) => t.build().nodes.some((n) => isEditableKind(n.kind)))

describe('editAsGroup over the templates', () => {
  it('covers GoogLeNet, the ResNets and the CIFAR nets', () => {
    const ids = withComposites.map((t) => t.id)
    for (const id of ['googlenet', 'resnet18', 'resnet50', 'cifar-resnet20', 'cifar-plain20'])
      expect(ids).toContain(id)
  })

  it.each(withComposites.flatMap((t) => [[t.id, false] as const, [t.id, true] as const]))(
    '%s (deep: %s) analyses to the same shapes, params and MACs',
    (templateId, deep) => {
      const original = getTemplate(templateId)!.build()
      const converted: Design = { ...original, nodes: convertAll(original.nodes, deep) }
      const before = analyze(original)
      const after = analyze(converted)
      expect(after.diagnostics).toEqual(before.diagnostics)
      expect(after.valid).toBe(true)
      expect(after.totals).toEqual(before.totals)
      expect(after.outputShape).toEqual(before.outputShape)
      for (const n of original.nodes) {
        expect({ id: n.id, shape: after.nodes[n.id]?.shape }).toEqual({
          id: n.id,
          shape: before.nodes[n.id]?.shape,
        })
        expect(after.nodes[n.id]?.cost).toEqual(before.nodes[n.id]?.cost)
      }
      // The same layers wired the same way (ids keep the expansion's paths, GoogLeNet's "1x1"
      // reading b1x1); the order of independent branches may differ, so compare them sorted.
      const id = (x: string) => x.replace(/\/(\d)/g, '/b$1')
      const layers = (d: Design) =>
        expand(d)
          .nodes.map((l) => JSON.stringify([id(l.id), l.kind, l.inputs.map(id), l.params]))
          .sort()
      expect(layers(converted)).toEqual(layers(original))
    },
  )

  it('lays every inside out without two blocks on one spot', () => {
    for (const t of withComposites) {
      for (const g of convertAll(t.build().nodes, true).filter((n) => n.kind === 'group')) {
        const spots = inside(g).nodes.map((n) => `${n.position.x},${n.position.y}`)
        expect(new Set(spots).size, `${t.id} ${g.id}`).toBe(spots.length)
      }
    }
  })
})

describe('editAsGroup', () => {
  it('turns a residual block into its layers, named as the expansion names them', () => {
    const block = {
      ...node('r', 'residualBlock', { filters: 32, stride: 2, shortcut: 'projection' }),
      label: 'res2a',
      position: { x: 40, y: 300 },
    }
    const g = convert(block)
    expect(g).toMatchObject({ id: 'r', kind: 'group', label: 'res2a', position: { x: 40, y: 300 } })
    const { nodes, edges } = inside(g)
    expect(nodes.map((n) => n.id)).toEqual([
      'in',
      'conv1',
      'bn1',
      'relu1',
      'conv2',
      'bn2',
      'shortcut_conv',
      'shortcut_bn',
      'add',
      'relu',
    ])
    expect(edges.map(link)).toContain('shortcut_bn->add:1')
    expect(edges.map(link)).toContain('bn2->add')
    expect(edges.map(link)).toContain('in->shortcut_conv')
    expect(nodes.find((n) => n.id === 'conv1')?.params).toMatchObject({
      filters: 32,
      kernel: 3,
      stride: 2,
      useBias: false,
    })
    expect(groupOrigin(g)).toEqual({
      kind: 'residualBlock',
      params: {
        variant: 'basic',
        filters: 32,
        stride: 2,
        shortcut: 'projection',
        batchNorm: true,
      },
    })
  })

  it('puts a shortcut beside the main path and the sum below, between both', () => {
    const { nodes } = inside(convert(node('r', 'residualBlock', { shortcut: 'projection' })))
    const at = (id: string) => nodes.find((n) => n.id === id)!.position
    expect(at('conv1').x).toBe(at('in').x)
    expect(at('shortcut_conv').x).toBeGreaterThan(at('conv1').x)
    expect(at('add').x).toBe((at('bn2').x + at('shortcut_bn').x) / 2)
    expect(at('relu').x).toBe(at('add').x)
    expect(at('add').y).toBeGreaterThan(at('bn2').y)
    expect(at('relu').y).toBeGreaterThan(at('add').y)
  })

  it('turns an inception module into four branches side by side, ids starting with a letter', () => {
    const { nodes, edges } = inside(convert(node('i', 'inceptionModule', { b1x1: 10 })))
    expect(nodes.map((n) => n.id)).toContain('b1x1')
    expect(nodes.map((n) => n.id)).toContain('b3x3_reduce_relu')
    expect(nodes.map((n) => n.id)).toContain('pool_proj')
    expect(nodes.find((n) => n.id === 'b1x1')?.params.filters).toBe(10)
    expect(edges.filter((e) => e.target === 'concat').map(link)).toEqual([
      'b1x1_relu->concat',
      'b3x3_relu->concat:1',
      'b5x5_relu->concat:2',
      'pool_proj_relu->concat:3',
    ])
    const x = (id: string) => nodes.find((n) => n.id === id)!.position.x
    expect(new Set(['b1x1', 'b3x3_reduce', 'b5x5_reduce', 'pool'].map(x)).size).toBe(4)
    expect(x('b3x3')).toBe(x('b3x3_reduce'))
    expect(x('concat')).toBe((x('b1x1') + x('pool')) / 2)
  })

  it('turns a stage into a group of its residual blocks, each convertible in turn', () => {
    const params = { filters: 128, stride: 2, shortcut: 'projection', blocks: 3 }
    const { nodes, edges } = inside(convert(node('s', 'stage', params)))
    expect(nodes.map((n) => [n.id, n.kind])).toEqual([
      ['in', 'input'],
      ['block1', 'residualBlock'],
      ['block2', 'residualBlock'],
      ['block3', 'residualBlock'],
    ])
    expect(edges.map(link)).toEqual(['in->block1', 'block1->block2', 'block2->block3'])
    expect(nodes[1]!.params).toMatchObject({ stride: 2, shortcut: 'projection', filters: 128 })
    expect(nodes[2]!.params).toMatchObject({ stride: 1, shortcut: 'identity', filters: 128 })
    expect(editAsGroup(nodes[2]!).ok).toBe(true)
  })

  it('keeps a plain stage plain', () => {
    const { nodes } = inside(convert(node('s', 'stage', { shortcut: 'none', blocks: 2 })))
    expect(nodes.slice(1).map((n) => n.params.shortcut)).toEqual(['none', 'none'])
  })

  it('converts inside a design without touching the original node', () => {
    const original = node('r', 'residualBlock')
    const copy = JSON.stringify(original)
    convert(original)
    expect(JSON.stringify(original)).toBe(copy)
  })

  it.each([
    [node('g', 'group'), /already a group/],
    [node('c', 'conv2d'), /c is a Conv 2D/],
    [node('x', 'nonsense'), /x is a nonsense/],
    [node('r', 'residualBlock', { filters: 0 }), /Fix r's parameters first: filters must be ≥ 1/],
    [node('s', 'stage', { shortcut: 'sideways' }), /shortcut must be one of/],
  ])('refuses %# with a reason', (n, reason) => {
    const result = editAsGroup(n)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })

  it('gives a converted block in a small design the same analysis', () => {
    const d = chain([
      node('in', 'input', { height: 16, width: 16, channels: 8 }),
      node('r', 'residualBlock', { variant: 'bottleneck', filters: 4, shortcut: 'zeroPad' }),
      node('gap', 'globalAvgPool'),
      node('out', 'output', { units: 10 }),
    ])
    const converted = { ...d, nodes: convertAll(d.nodes, false) }
    expect(analyze(converted).totals).toEqual(analyze(d).totals)
    expect(analyze(converted).nodes.r?.shape).toEqual([16, 16, 16])
  })
})
