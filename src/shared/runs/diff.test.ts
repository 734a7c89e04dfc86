import { describe, expect, it } from 'vitest'
import { getTemplate } from '../templates'
import { architectureDiff, isSameArchitecture, nodeStatuses } from './archDiff'
import { formatHyper, hyperparameterDiff } from './hyperDiff'
import { plainTwin } from './twin'

describe('hyperparameterDiff', () => {
  it('puts the differing keys first, then the shared ones alphabetically', () => {
    const rows = hyperparameterDiff([
      { hyperparameters: { lr: 0.1, epochs: 1, batchSize: 64, seed: 1 } },
      { hyperparameters: { lr: 0.01, epochs: 1, batchSize: 64, seed: 2, flip: true } },
    ])
    expect(rows.map((r) => [r.key, r.differs])).toEqual([
      ['lr', true],
      ['seed', true],
      ['flip', true],
      ['batchSize', false],
      ['epochs', false],
    ])
    expect(rows[2]!.values).toEqual([undefined, true])
  })

  it('compares arrays by value', () => {
    const rows = hyperparameterDiff([
      { hyperparameters: { milestones: [82, 123] } },
      { hyperparameters: { milestones: [82, 123] } },
    ])
    expect(rows[0]!.differs).toBe(false)
  })

  it('formats cells', () => {
    expect([0.1, 1e-4, 64, true, undefined, [82, 123], 'momentum'].map(formatHyper)).toEqual([
      '0.1',
      '0.0001',
      '64',
      'yes',
      '—',
      '82, 123',
      'momentum',
    ])
    expect(formatHyper(0.1 + 0.2)).toBe('0.3')
  })
})

describe('architectureDiff', () => {
  it('a design against itself is the same architecture', () => {
    const d = getTemplate('lenet5')!.build()
    expect(isSameArchitecture(architectureDiff(d, getTemplate('lenet5')!.build()))).toBe(true)
  })

  it('ResNet-20 vs its plain twin: the three stages changed, shortcut from → none', () => {
    const a = getTemplate('cifar-resnet20')!.build()
    const diff = architectureDiff(a, plainTwin(a))
    expect(diff.changed.map((c) => c.id)).toEqual(['stage1', 'stage2', 'stage3'])
    expect(diff.changed[1]!.changes).toEqual([{ param: 'shortcut', from: 'zeroPad', to: 'none' }])
    expect(diff.added).toEqual([])
    expect(diff.removed).toEqual([])
  })

  it('blocks and connections added and removed; positions ignored', () => {
    const a = getTemplate('lenet5')!.build()
    const b = getTemplate('lenet5')!.build()
    const f6 = b.nodes.find((n) => n.id === 'f6')!
    b.nodes = b.nodes
      .filter((n) => n.id !== 'f6')
      .map((n) => ({ ...n, position: { x: n.position.x + 50, y: 0 } }))
    const before = b.edges.find((e) => e.target === 'f6')!
    const after = b.edges.find((e) => e.source === 'f6')!
    b.edges = b.edges.filter((e) => e !== before && e !== after)
    b.nodes.push({ ...f6, id: 'drop', kind: 'dropout', params: { rate: 0.3 } })
    b.edges.push(
      { id: 'x1', source: before.source, target: 'drop' },
      { id: 'x2', source: 'drop', target: after.target },
    )
    const diff = architectureDiff(a, b)
    expect(diff.added.map((n) => n.id)).toEqual(['drop'])
    expect(diff.removed.map((n) => n.id)).toEqual(['f6'])
    expect(diff.changed).toEqual([])
    expect(diff.addedEdges).toHaveLength(2)
    expect(diff.removedEdges).toHaveLength(2)
    const status = nodeStatuses(diff)
    expect([status.get('drop'), status.get('f6'), status.get('c1')]).toEqual([
      'added',
      'removed',
      'same',
    ])
  })

  it('a kind swapped under the same id is a change with the old kind', () => {
    const a = getTemplate('lenet5')!.build()
    const b = getTemplate('lenet5')!.build()
    const s2 = b.nodes.find((n) => n.kind === 'avgPool2d' || n.kind === 'maxPool2d')!
    const oldKind = s2.kind
    s2.kind = oldKind === 'avgPool2d' ? 'maxPool2d' : 'avgPool2d'
    const c = architectureDiff(a, b).changed
    expect(c).toEqual([{ id: s2.id, kind: s2.kind, fromKind: oldKind, changes: [] }])
  })
})
