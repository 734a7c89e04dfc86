import { describe, expect, it } from 'vitest'
import { analyze, expand } from '../graph'
import { editAsGroup, isEditableKind } from '../graph/editAsGroup'
import type { Design, DesignNode } from '../graph/types'
import { getTemplate } from '../templates'
import { hasShortcuts, plainTwin, shortcutBlocks } from './twin'

const build = (id: string): Design => getTemplate(id)!.build()
const kinds = (d: Design): string[] => expand(d).nodes.map((n) => n.kind)

describe('plainTwin', () => {
  it('turns CIFAR ResNet-20 into the paper’s plain-20: same params, no add left', () => {
    const twin = plainTwin(build('cifar-resnet20'))
    const plain = build('cifar-plain20')
    expect(analyze(twin).valid).toBe(true)
    expect(analyze(twin).totals.params).toBe(analyze(plain).totals.params)
    expect(kinds(twin)).toEqual(kinds(plain))
    expect(kinds(twin)).not.toContain('add')
    expect(twin.name).toBe('ResNet-20 (CIFAR) (plain twin)')
  })

  it('keeps ids, positions and every other param, and does not touch the original', () => {
    const original = build('resnet18')
    const before = JSON.stringify(original)
    const twin = plainTwin(original)
    expect(JSON.stringify(original)).toBe(before)
    expect(twin.nodes.map((n) => n.id)).toEqual(original.nodes.map((n) => n.id))
    twin.nodes.forEach((n, i) => {
      const o = original.nodes[i]!
      expect(n.position).toEqual(o.position)
      expect({ ...n.params, shortcut: undefined }).toEqual({ ...o.params, shortcut: undefined })
    })
    expect(shortcutBlocks(twin)).toEqual([])
  })

  it('finds residual blocks inside groups', () => {
    const design: Design = {
      version: 1,
      name: 'g',
      nodes: [
        { id: 'in', kind: 'input', params: {}, position: { x: 0, y: 0 } },
        {
          id: 'g1',
          kind: 'group',
          position: { x: 0, y: 0 },
          params: {
            nodes: [
              { id: 'in', kind: 'input', params: {}, position: { x: 0, y: 0 } },
              { id: 'r', kind: 'residualBlock', params: { filters: 1 }, position: { x: 0, y: 0 } },
            ],
            edges: [],
          },
        },
      ],
      edges: [],
    }
    expect(shortcutBlocks(design)).toEqual(['g1/r'])
    expect(hasShortcuts(plainTwin(design))).toBe(false)
  })

  it('has nothing to remove in LeNet-5 or a plain net', () => {
    expect(hasShortcuts(build('lenet5'))).toBe(false)
    expect(hasShortcuts(build('cifar-plain56'))).toBe(false)
    expect(hasShortcuts(build('cifar-resnet56'))).toBe(true)
  })
})

describe('plainTwin of blocks edited as groups', () => {
  /** Every stage of ResNet-20 edited as a group, and every residual block inside it too. */
  const convertedResnet20 = (): Design => {
    const convert = (n: DesignNode): DesignNode => {
      if (!isEditableKind(n.kind)) return n
      const r = editAsGroup(n)
      if (!r.ok) throw new Error(r.reason)
      const inner = (r.node.params.nodes as DesignNode[]).map(convert)
      return { ...r.node, params: { ...r.node.params, nodes: inner } }
    }
    const d = build('cifar-resnet20')
    return { ...d, nodes: d.nodes.map(convert) }
  }

  it('drops the shortcut of each converted residual block: plain-20 again', () => {
    const converted = convertedResnet20()
    expect(shortcutBlocks(converted)).toHaveLength(9)
    expect(shortcutBlocks(converted)).toContain('stage2/block1')
    const twin = plainTwin(converted)
    const plain = build('cifar-plain20')
    expect(analyze(twin).valid).toBe(true)
    expect(analyze(twin).totals).toEqual(analyze(plain).totals)
    expect(kinds(twin)).toEqual(kinds(plain))
    expect(hasShortcuts(twin)).toBe(false)
  })
})
