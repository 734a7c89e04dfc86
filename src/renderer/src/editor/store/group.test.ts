import { describe, expect, it } from 'vitest'
import { getTemplate } from '../../../../shared/templates'
import { createEditorStore } from './createEditorStore'

const lenet = () => createEditorStore(getTemplate('lenet5')!.build())

describe('group and ungroup', () => {
  it('groups a chain into one block with the same shapes and totals, and ungroups it back', () => {
    const store = lenet()
    const totals = store.getState().analysis.totals
    const outputShape = store.getState().analysis.outputShape
    expect(store.getState().group(['c3', 'c3_sigmoid'])).toEqual({ ok: true })
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
      expect.arrayContaining(['s2>c3', 'c3>c3_sigmoid', 'c3_sigmoid>s4']),
    )
    expect(back.analysis.totals).toEqual(totals)
  })

  it('refuses a selection with two exits, with the reason', () => {
    const store = lenet()
    const side = store.getState().addBlock('conv2d', { x: 300, y: 100 })
    store
      .getState()
      .connect({ source: 'c1', target: side, sourceHandle: null, targetHandle: 'in0' })
    expect(store.getState().group(['c1', 'c1_sigmoid', side])).toEqual({
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
    store.getState().group(['c3', 'c3_sigmoid'])
    store.getState().undo()
    expect(store.getState().nodes.some((n) => n.id === 'c3')).toBe(true)
    store.getState().redo()
    expect(store.getState().nodes.some((n) => n.id === 'c3')).toBe(false)
  })
})
