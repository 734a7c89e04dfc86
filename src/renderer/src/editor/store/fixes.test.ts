import { describe, expect, it } from 'vitest'
import { DESIGN_VERSION, type Design } from '../../../../shared/graph/types'
import { createEditorStore } from './createEditorStore'

const design = (nodes: Design['nodes'], edges: [string, string, number?][]): Design => ({
  version: DESIGN_VERSION,
  name: 'fix me',
  nodes,
  edges: edges.map(([source, target, port]) => ({
    id: `${source}->${target}`,
    source,
    target,
    ...(port ? { targetPort: port } : {}),
  })),
})
const at = (y: number) => ({ x: 0, y })
const codes = (store: ReturnType<typeof createEditorStore>) =>
  store.getState().analysis.diagnostics.map((d) => d.code)

describe('one-click fixes', () => {
  it('inserts a flatten between a feature map and a dense layer', () => {
    const store = createEditorStore(
      design(
        [
          {
            id: 'input',
            kind: 'input',
            params: { height: 4, width: 4, channels: 3 },
            position: at(0),
          },
          { id: 'fc', kind: 'dense', params: { units: 10 }, position: at(100) },
        ],
        [['input', 'fc']],
      ),
    )
    expect(codes(store)).toContain('needs-flatten')
    expect(store.getState().applyFix('fc', 'needs-flatten')).toEqual({ ok: true })
    expect(codes(store)).not.toContain('needs-flatten')
    expect(store.getState().analysis.nodes.fc!.shape).toEqual([10])
    expect(store.getState().analysis.nodes.flatten_1!.shape).toEqual([48])
    expect(store.getState().nodes.find((n) => n.id === 'fc')!.position.y).toBe(210)
    store.getState().undo()
    expect(codes(store)).toContain('needs-flatten')
  })

  it('projects a mismatched shortcut into an add with a strided 1×1 conv', () => {
    const store = createEditorStore(
      design(
        [
          {
            id: 'input',
            kind: 'input',
            params: { height: 8, width: 8, channels: 16 },
            position: at(0),
          },
          { id: 'conv', kind: 'conv2d', params: { filters: 32, stride: 2 }, position: at(100) },
          { id: 'add', kind: 'add', params: {}, position: at(200) },
        ],
        [
          ['input', 'conv'],
          ['conv', 'add'],
          ['input', 'add', 1],
        ],
      ),
    )
    const mismatch = store.getState().analysis.diagnostics.find((d) => d.nodeId === 'add')!
    expect(store.getState().applyFix('add', mismatch.code)).toEqual({ ok: true })
    const proj = store.getState().nodes.find((n) => n.id === 'conv2d_1')!
    expect(proj.data.params).toEqual({ filters: 32, kernel: 1, stride: 2, padding: 'same' })
    expect(store.getState().analysis.nodes.add!.shape).toEqual([4, 4, 32])
    expect(store.getState().analysis.byNode.add).toBeUndefined()
    const into = store.getState().edges.filter((e) => e.target === 'add')
    expect(into.map((e) => `${e.source}:${e.targetHandle}`).sort()).toEqual([
      'conv2d_1:in1',
      'conv:in0',
    ])
  })

  it("switches a too-large kernel's padding to same", () => {
    const store = createEditorStore(
      design(
        [
          {
            id: 'input',
            kind: 'input',
            params: { height: 3, width: 3, channels: 1 },
            position: at(0),
          },
          {
            id: 'conv',
            kind: 'conv2d',
            params: { kernel: 5, padding: 'valid' },
            position: at(100),
          },
        ],
        [['input', 'conv']],
      ),
    )
    expect(codes(store)).toContain('kernel-too-large')
    expect(store.getState().applyFix('conv', 'kernel-too-large')).toEqual({ ok: true })
    expect(store.getState().analysis.nodes.conv!.shape).toEqual([3, 3, 32])
  })

  it('an unknown code is refused with a reason and changes nothing', () => {
    const store = createEditorStore(
      design([{ id: 'input', kind: 'input', params: {}, position: at(0) }], []),
    )
    expect(store.getState().applyFix('input', 'no-such-code')).toEqual({
      ok: false,
      reason: expect.stringContaining('no-such-code'),
    })
    expect(store.getState().history.past).toHaveLength(0)
  })
})
