import { describe, expect, it } from 'vitest'
import { getTemplate } from '../../../../shared/templates'
import { createEditorStore } from './createEditorStore'

const lenet = () => createEditorStore(getTemplate('lenet5')!.build())

describe('group and ungroup', () => {
  it('groups a chain into one block with the same shapes and totals, and ungroups it back', () => {
    const store = lenet()
    const totals = store.getState().analysis.totals
    const outputShape = store.getState().analysis.outputShape
    expect(store.getState().group(['c3', 'c3_tanh'])).toEqual({ ok: true })
    const s = store.getState()
    const g = s.nodes.find((n) => n.data.kind === 'group')!
    expect(s.nodes.some((n) => n.id === 'c3')).toBe(false)
    expect(s.analysis.nodes[g.id]!.shape).toEqual([10, 10, 16])
    expect(s.analysis.totals).toEqual(totals)
    expect(s.analysis.outputShape).toEqual(outputShape)
    expect(s.analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(store.getState().ungroup(g.id)).toEqual({ ok: true })
    const back = store.getState()
    expect(back.nodes.some((n) => n.id === 'c3')).toBe(true)
    expect(back.edges.map((e) => `${e.source}>${e.target}`)).toEqual(
      expect.arrayContaining(['s2>c3', 'c3>c3_tanh', 'c3_tanh>s4']),
    )
    expect(back.analysis.totals).toEqual(totals)
  })

  it('refuses a selection with two exits, with the reason', () => {
    const store = lenet()
    const side = store.getState().addBlock('conv2d', { x: 300, y: 100 })
    store
      .getState()
      .connect({ source: 'c1', target: side, sourceHandle: null, targetHandle: 'in0' })
    expect(store.getState().group(['c1', 'c1_tanh', side])).toEqual({
      ok: false,
      reason: expect.stringContaining('one output'),
    })
    expect(store.getState().group(['c1', 's2', 'c5'])).toEqual({
      ok: false,
      reason: expect.stringContaining('one input'),
    })
  })

  it('refuses to group the input', () => {
    const store = lenet()
    expect(store.getState().group(['input', 'c1'])).toEqual({
      ok: false,
      reason: expect.stringContaining('input'),
    })
  })

  it('group and ungroup are each one undo step', () => {
    const store = lenet()
    store.getState().group(['c3', 'c3_tanh'])
    store.getState().undo()
    expect(store.getState().nodes.some((n) => n.id === 'c3')).toBe(true)
    store.getState().redo()
    expect(store.getState().nodes.some((n) => n.id === 'c3')).toBe(false)
  })
})

describe('editing inside a group', () => {
  it('opens a group in place: its blocks get real shapes, edits change the whole design, close writes back', () => {
    const store = lenet()
    store.getState().group(['c3', 'c3_tanh'])
    const before = store.getState().analysis.totals.params
    store.getState().openFrame('group_1')
    let s = store.getState()
    expect(s.frames.map((f) => f.nodeId)).toEqual(['group_1'])
    expect(s.nodes.map((n) => n.id).sort()).toEqual(['c3', 'c3_tanh', 'in'])
    expect(s.levelAnalysis.nodes.c3!.shape).toEqual([10, 10, 16])
    store.getState().updateParams('c3', { filters: 20 })
    s = store.getState()
    expect(s.levelAnalysis.nodes.c3!.shape).toEqual([10, 10, 20])
    // c3 gains 4 filters of 5×5×6 + bias; c5 sees 4 more channels: 4·5·5·120 weights.
    expect(s.analysis.totals.params - before).toBe(4 * 151 + 4 * 25 * 120)
    expect(s.design().nodes.find((n) => n.id === 'group_1')!.params.nodes).toContainEqual(
      expect.objectContaining({ id: 'c3', params: expect.objectContaining({ filters: 20 }) }),
    )
    store.getState().closeFrames(0)
    s = store.getState()
    expect(s.frames).toEqual([])
    expect(s.nodes.some((n) => n.id === 'group_1')).toBe(true)
    expect(s.levelAnalysis.nodes.s4!.shape).toEqual([5, 5, 20])
    // Undo returns to the level where the edit was made, with the edit undone.
    store.getState().undo()
    s = store.getState()
    expect(s.frames.map((f) => f.nodeId)).toEqual(['group_1'])
    expect(s.levelAnalysis.nodes.c3!.shape).toEqual([10, 10, 16])
    expect(s.analysis.totals.params).toBe(before)
  })

  it('a composite defined by params opens read-only and keeps the document', () => {
    const store = createEditorStore(getTemplate('resnet18')!.build())
    const nodes = store.getState().nodes
    store.getState().openFrame('stage2')
    expect(store.getState().frames).toEqual([{ nodeId: 'stage2', label: 'conv3_x' }])
    expect(store.getState().nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id))
    expect(store.getState().levelAnalysis.nodes.stage2!.inner.length).toBeGreaterThan(8)
    store.getState().closeFrames(0)
    expect(store.getState().frames).toEqual([])
  })
})
