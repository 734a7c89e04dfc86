import { describe, expect, it } from 'vitest'
import { getTemplate } from '../../../../shared/templates'
import { DESIGN_VERSION, type Design } from '../../../../shared/graph/types'
import { createEditorStore } from './createEditorStore'

const lenet = (): Design => getTemplate('lenet5')!.build()

const chain = (): Design => ({
  version: DESIGN_VERSION,
  name: 'tiny',
  nodes: [
    {
      id: 'input',
      kind: 'input',
      params: { height: 8, width: 8, channels: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'conv', kind: 'conv2d', params: { filters: 4 }, position: { x: 0, y: 100 } },
    { id: 'relu', kind: 'activation', params: { fn: 'relu' }, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'input->conv', source: 'input', target: 'conv' },
    { id: 'conv->relu', source: 'conv', target: 'relu' },
  ],
})

describe('undo and redo', () => {
  it('loading is not undoable and the design starts clean', () => {
    const store = createEditorStore(lenet())
    const s = store.getState()
    expect(s.history.past).toHaveLength(0)
    expect(s.serial).toBe(s.savedSerial)
    s.load(chain())
    expect(store.getState().history.past).toHaveLength(0)
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['input', 'conv', 'relu'])
  })

  it('a param edit updates shapes and costs, and undo/redo restore them', () => {
    const store = createEditorStore(lenet())
    const before = store.getState().analysis.totals.params
    expect(store.getState().analysis.nodes.c1!.shape).toEqual([28, 28, 6])
    store.getState().updateParams('c1', { filters: 8 })
    const after = store.getState().analysis.totals.params
    expect(store.getState().analysis.nodes.c1!.shape).toEqual([28, 28, 8])
    // conv1 gains 2 filters of 5×5×1 + bias; c3 sees 2 more input channels: 2·5·5·16 weights.
    expect(after - before).toBe(2 * 26 + 2 * 25 * 16)
    expect(store.getState().serial).not.toBe(store.getState().savedSerial)
    store.getState().undo()
    expect(store.getState().analysis.totals.params).toBe(before)
    expect(store.getState().serial).toBe(store.getState().savedSerial)
    store.getState().redo()
    expect(store.getState().analysis.totals.params).toBe(after)
  })

  it('typing into one field in quick succession is one step', () => {
    const store = createEditorStore(chain())
    store.getState().updateParams('conv', { filters: 1 })
    store.getState().updateParams('conv', { filters: 12 })
    store.getState().updateParams('conv', { filters: 128 })
    expect(store.getState().history.past).toHaveLength(1)
    store.getState().undo()
    expect(store.getState().nodes.find((n) => n.id === 'conv')!.data.params.filters).toBe(4)
  })

  it('selection changes neither record nor clear redo', () => {
    const store = createEditorStore(chain())
    store.getState().updateParams('conv', { filters: 9 })
    store.getState().undo()
    expect(store.getState().history.future).toHaveLength(1)
    store.getState().onNodesChange([{ type: 'select', id: 'relu', selected: true }])
    store.getState().selectNodes(['conv'])
    expect(store.getState().history.future).toHaveLength(1)
    expect(store.getState().history.past).toHaveLength(0)
    store.getState().redo()
    expect(store.getState().nodes.find((n) => n.id === 'conv')!.data.params.filters).toBe(9)
  })

  it('a drag is one step, recorded at drag end, and undo puts the node back where it started', () => {
    const store = createEditorStore(chain())
    const s = store.getState()
    for (let i = 1; i <= 5; i++)
      s.onNodesChange([
        { type: 'position', id: 'conv', position: { x: i * 10, y: 100 }, dragging: true },
      ])
    expect(store.getState().history.past).toHaveLength(0)
    store
      .getState()
      .onNodesChange([
        { type: 'position', id: 'conv', position: { x: 50, y: 100 }, dragging: false },
      ])
    expect(store.getState().history.past).toHaveLength(1)
    expect(store.getState().nodes.find((n) => n.id === 'conv')!.position.x).toBe(50)
    store.getState().undo()
    expect(store.getState().nodes.find((n) => n.id === 'conv')!.position.x).toBe(0)
  })

  it('a new edit after undo clears redo', () => {
    const store = createEditorStore(chain())
    store.getState().updateParams('conv', { filters: 9 })
    store.getState().undo()
    store.getState().setLabel('relu', 'act')
    expect(store.getState().history.future).toHaveLength(0)
  })

  it('deleting a node removes its edges and undo brings both back', () => {
    const store = createEditorStore(chain())
    store.getState().selectNodes(['conv'])
    store.getState().deleteSelection()
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['input', 'relu'])
    expect(store.getState().edges).toHaveLength(0)
    store.getState().undo()
    expect(store.getState().edges).toHaveLength(2)
  })
})

describe('connections', () => {
  it('refuses a second input into a one-input block, with the reason', () => {
    const store = createEditorStore(chain())
    const id = store.getState().addBlock('input', { x: 200, y: 0 })
    const result = store
      .getState()
      .connect({ source: id, target: 'conv', sourceHandle: null, targetHandle: 'in0' })
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('takes one input') })
  })

  it('refuses a cycle', () => {
    const store = createEditorStore(chain())
    const add = store.getState().addBlock('add', { x: 0, y: 300 })
    expect(
      store
        .getState()
        .connect({ source: 'relu', target: add, sourceHandle: null, targetHandle: 'in0' }).ok,
    ).toBe(true)
    const back = store
      .getState()
      .connect({ source: add, target: add, sourceHandle: null, targetHandle: 'in1' })
    expect(back.ok).toBe(false)
    store.getState().onEdgesChange([{ type: 'remove', id: 'input->conv' }])
    const cycle = store
      .getState()
      .connect({ source: 'relu', target: 'conv', sourceHandle: null, targetHandle: 'in0' })
    expect(cycle).toEqual({ ok: false, reason: expect.stringContaining('cycle') })
  })

  it('a connected block gets its output shape', () => {
    const store = createEditorStore(chain())
    const id = store.getState().addBlock('conv2d', { x: 0, y: 300 })
    expect(store.getState().analysis.nodes[id]!.shape).toBeNull()
    store
      .getState()
      .connect({ source: 'relu', target: id, sourceHandle: null, targetHandle: 'in0' })
    expect(store.getState().analysis.nodes[id]!.shape).toEqual([8, 8, 32])
  })
})

describe('copy and paste', () => {
  it('pastes copies with fresh ids, inner edges remapped, offset and selected; one undo removes them', () => {
    const store = createEditorStore(chain())
    store.getState().selectNodes(['conv', 'relu'])
    expect(store.getState().copySelection()).toBe(2)
    expect(store.getState().paste()).toBe(2)
    const s = store.getState()
    expect(s.nodes.map((n) => n.id)).toEqual(['input', 'conv', 'relu', 'conv2d_1', 'activation_1'])
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['conv2d_1', 'activation_1'])
    expect(s.edges.map((e) => `${e.source}>${e.target}`)).toContain('conv2d_1>activation_1')
    expect(s.edges).toHaveLength(3)
    expect(s.nodes.find((n) => n.id === 'conv2d_1')!.position).toEqual({ x: 40, y: 140 })
    expect(s.nodes.find((n) => n.id === 'conv2d_1')!.data.params).toEqual({ filters: 4 })
    store.getState().paste()
    expect(store.getState().nodes.find((n) => n.id === 'conv2d_2')!.position).toEqual({
      x: 80,
      y: 180,
    })
    store.getState().undo()
    store.getState().undo()
    expect(store.getState().nodes).toHaveLength(3)
  })

  it('the copy does not share params with the original', () => {
    const store = createEditorStore(chain())
    store.getState().selectNodes(['conv'])
    store.getState().copySelection()
    store.getState().paste()
    store.getState().updateParams('conv2d_1', { filters: 64 })
    expect(store.getState().nodes.find((n) => n.id === 'conv')!.data.params.filters).toBe(4)
  })
})
