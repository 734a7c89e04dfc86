import { describe, expect, it } from 'vitest'
import { getTemplate } from '../../../../shared/templates'
import { createEditorStore } from './createEditorStore'

const resnet20 = () => createEditorStore(getTemplate('cifar-resnet20')!.build())
const kindOf = (store: ReturnType<typeof resnet20>, id: string) =>
  store.getState().nodes.find((n) => n.id === id)?.data.kind

describe('editAsGroup', () => {
  it('turns a stage into a group of its blocks, opens it, and keeps the totals', () => {
    const store = resnet20()
    const totals = store.getState().analysis.totals
    const position = store.getState().nodes.find((n) => n.id === 'stage2')!.position
    expect(store.getState().editAsGroup('stage2')).toEqual({ ok: true })
    const s = store.getState()
    expect(s.frames.map((f) => [f.nodeId, Boolean(f.outer)])).toEqual([['stage2', true]])
    expect(s.nodes.map((n) => n.id)).toEqual(['in', 'block1', 'block2', 'block3'])
    expect(s.analysis.totals).toEqual(totals)
    expect(s.levelAnalysis.nodes.block1?.shape).toEqual([16, 16, 32])
    const top = s.design().nodes.find((n) => n.id === 'stage2')!
    expect(top).toMatchObject({ kind: 'group', position })
    expect(s.design().edges).toEqual(getTemplate('cifar-resnet20')!.build().edges)
  })

  it('is one undo step, and redo applies it again', () => {
    const store = resnet20()
    store.getState().editAsGroup('stage1')
    store.getState().undo()
    let s = store.getState()
    expect(s.frames).toEqual([])
    expect(kindOf(store, 'stage1')).toBe('stage')
    expect(s.history.past).toEqual([])
    store.getState().redo()
    s = store.getState()
    expect(s.frames.map((f) => f.nodeId)).toEqual(['stage1'])
    expect(s.design().nodes.find((n) => n.id === 'stage1')?.kind).toBe('group')
  })

  it('edits a layer inside a converted block: the totals follow, and undo restores them', () => {
    const store = resnet20()
    const before = store.getState().analysis.totals.params
    store.getState().editAsGroup('stage1')
    store.getState().closeFrames(0)
    store.getState().openFrame('stage1')
    expect(store.getState().editAsGroup('block2')).toEqual({ ok: true })
    expect(store.getState().frames.map((f) => f.nodeId)).toEqual(['stage1', 'block2'])
    expect(store.getState().nodes.map((n) => n.id)).toContain('conv1')
    store.getState().updateParams('conv1', { filters: 32 })
    const after = store.getState().analysis.totals.params
    // conv1 gets 16 more 3×3×16 filters, bn1 16 more scales and offsets, conv2 16 more input
    // channels: 2,304 + 32 + 2,304.
    expect(after - before).toBe(4_640)
    store.getState().undo()
    expect(store.getState().analysis.totals.params).toBe(before)
    store.getState().undo()
    expect(store.getState().frames.map((f) => f.nodeId)).toEqual(['stage1'])
    expect(kindOf(store, 'block2')).toBe('residualBlock')
  })

  it('works from the read-only inside of the block', () => {
    const store = resnet20()
    store.getState().openFrame('stage3')
    expect(store.getState().frames).toEqual([{ nodeId: 'stage3', label: 'stage3' }])
    expect(store.getState().editAsGroup('stage3')).toEqual({ ok: true })
    const frames = store.getState().frames
    expect(frames).toHaveLength(1)
    expect(frames[0]!.outer).toBeDefined()
    store.getState().undo()
    expect(store.getState().frames).toEqual([])
    expect(kindOf(store, 'stage3')).toBe('stage')
  })

  it('refuses other blocks with the reason, recording nothing', () => {
    const store = resnet20()
    expect(store.getState().editAsGroup('conv1')).toEqual({
      ok: false,
      reason: expect.stringContaining('Only an inception module, a residual block or a stage'),
    })
    expect(store.getState().editAsGroup('nope')).toEqual({
      ok: false,
      reason: 'There is no block nope on this level.',
    })
    store.getState().updateParams('stage1', { filters: 0 })
    expect(store.getState().editAsGroup('stage1')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('filters must be ≥ 1'),
    })
    expect(store.getState().history.past).toHaveLength(1)
    expect(kindOf(store, 'stage1')).toBe('stage')
  })
})
