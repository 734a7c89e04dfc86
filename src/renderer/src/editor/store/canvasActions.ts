import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react'
import { edgeId, handlePort, type BlockNode, type ShapeEdge } from '../model'
import { connectionProblem } from './connect'
import type { EditorActions, EditorKit } from './types'

/** Change types that only touch view state (selection, measured size): never recorded. */
const VIEW_CHANGES = new Set(['select', 'dimensions'])

type CanvasActions = Pick<
  EditorActions,
  'onNodesChange' | 'onEdgesChange' | 'checkConnection' | 'connect'
>

/**
 * The canvas's own changes (xyflow's node and edge changes, new connections) as document
 * edits: a drag is one undo entry at drag end, selection and measuring are never recorded.
 */
export function canvasActions({ get, set, commit }: EditorKit): CanvasActions {
  return {
    onNodesChange(changes: NodeChange<BlockNode>[]) {
      const s = get()
      const nodes = applyNodeChanges(changes, s.nodes)
      if (changes.every((c) => VIEW_CHANGES.has(c.type))) {
        set({ nodes })
        return
      }
      const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])))
      if (removed.size > 0) {
        const edges = s.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target))
        commit({ nodes, edges }, { record: true, structural: true })
        return
      }
      const moves = changes.filter((c) => c.type === 'position')
      const dragging = moves.some((c) => c.type === 'position' && c.dragging === true)
      if (dragging) {
        // Mid-drag: move without recording; remember where the drag started.
        set({ nodes, dragOrigin: s.dragOrigin ?? { nodes: s.nodes } })
        return
      }
      if (s.dragOrigin) {
        // Drag end: one undo entry whose "before" is the document at drag start.
        set({ nodes: s.dragOrigin.nodes, dragOrigin: null })
        commit({ nodes }, { record: true, structural: false })
        return
      }
      const structural = changes.some((c) => c.type === 'add' || c.type === 'replace')
      commit({ nodes }, { record: moves.length > 0 || structural, structural })
    },

    onEdgesChange(changes: EdgeChange<ShapeEdge>[]) {
      const s = get()
      const edges = applyEdgeChanges(changes, s.edges)
      if (changes.every((c) => c.type === 'select')) {
        set({ edges })
        return
      }
      commit({ edges }, { record: true, structural: true })
    },

    checkConnection(c: Connection) {
      const s = get()
      return connectionProblem(c, s.nodes, s.edges)
    },

    connect(c: Connection) {
      const s = get()
      const problem = connectionProblem(c, s.nodes, s.edges)
      if (problem !== null) return { ok: false, reason: problem }
      const port = handlePort(c.targetHandle)
      const edge: ShapeEdge = {
        id: edgeId(c.source, c.target, port),
        source: c.source,
        target: c.target,
        targetHandle: c.targetHandle ?? 'in0',
        type: 'shape',
      }
      commit({ edges: [...s.edges, edge] }, { record: true, structural: true })
      return { ok: true }
    },
  }
}
