import { describe, expect, it } from 'vitest'
import { getTemplate } from '../../../../shared/templates'
import { createEditorStore } from '../store/createEditorStore'
import { isInsideGroup, shapeIntoGroup } from './groupInput'

const lenet = () => createEditorStore(getTemplate('lenet5')!.build())

/** Groups `ids` and opens the group; returns the store and the group's id. */
function openGroup(ids: string[]) {
  const store = lenet()
  expect(store.getState().group(ids)).toEqual({ ok: true })
  const g = store.getState().nodes.find((n) => n.data.kind === 'group')!
  store.getState().openFrame(g.id)
  return { store, group: g.id }
}

describe('the shape flowing into an open group', () => {
  it('is the shape of what feeds the group on the level above', () => {
    // s2 (LeNet's first pooling, 14×14×6) feeds c3.
    const { store } = openGroup(['c3', 'c3_tanh'])
    const s = store.getState()
    expect(isInsideGroup(s.frames)).toBe(true)
    expect(shapeIntoGroup(s.name, s.frames)).toEqual([14, 14, 6])
    // The inside's input block shows the same shape on the canvas.
    const entry = s.nodes.find((n) => n.data.kind === 'input')!
    expect(s.levelAnalysis.nodes[entry.id]!.shape).toEqual([14, 14, 6])
  })

  it('follows an edit upstream of the group', () => {
    const { store } = openGroup(['c3', 'c3_tanh'])
    store.getState().closeFrames(0)
    store.getState().updateParams('c1', { filters: 10 })
    const g = store.getState().nodes.find((n) => n.data.kind === 'group')!
    store.getState().openFrame(g.id)
    const s = store.getState()
    expect(shapeIntoGroup(s.name, s.frames)).toEqual([14, 14, 10])
  })

  it('is unknown for a group nothing flows into, and outside any group', () => {
    const { store, group } = openGroup(['c3', 'c3_tanh'])
    store.getState().closeFrames(0)
    const into = store.getState().edges.find((e) => e.target === group)!
    store.getState().onEdgesChange([{ type: 'remove', id: into.id }])
    store.getState().openFrame(group)
    const s = store.getState()
    expect(isInsideGroup(s.frames)).toBe(true)
    expect(shapeIntoGroup(s.name, s.frames)).toBeNull()
    expect(isInsideGroup([])).toBe(false)
    expect(shapeIntoGroup(s.name, [])).toBeNull()
  })

  it('inside a group within a group, is what flows into the inner one', () => {
    // Outer group: c3 … s4 (input 14×14×6); inside it, c3_tanh and s4 (input 10×10×16).
    const { store } = openGroup(['c3', 'c3_tanh', 's4'])
    expect(store.getState().group(['c3_tanh', 's4'])).toEqual({ ok: true })
    const inner = store.getState().nodes.find((n) => n.data.kind === 'group')!
    store.getState().openFrame(inner.id)
    const s = store.getState()
    expect(s.frames).toHaveLength(2)
    expect(shapeIntoGroup(s.name, s.frames)).toEqual([10, 10, 16])
  })

  it('is not a group for a composite shown read-only', () => {
    const store = createEditorStore(getTemplate('googlenet')!.build())
    store.getState().openFrame('inception_3a')
    expect(isInsideGroup(store.getState().frames)).toBe(false)
  })
})
