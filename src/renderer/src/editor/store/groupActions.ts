import { editAsGroup as convert } from '../../../../shared/graph/editAsGroup'
import { toBlockNode, toDesignNodes } from '../model'
import { groupNodes, ungroupNode } from './group'
import type { EditorActions, EditorKit } from './types'

/** Grouping a selection, ungrouping a group, and turning a composite block into a group. */
export function groupActions({
  get,
  commit,
}: EditorKit): Pick<EditorActions, 'group' | 'ungroup' | 'editAsGroup'> {
  return {
    group(ids) {
      const s = get()
      const chosen = ids ?? s.nodes.filter((n) => n.selected).map((n) => n.id)
      const result = groupNodes(chosen, s.nodes, s.edges)
      if (!result.ok) return result
      commit({ nodes: result.nodes, edges: result.edges }, { record: true, structural: true })
      return { ok: true }
    },

    ungroup(id) {
      const s = get()
      const result = ungroupNode(id, s.nodes, s.edges)
      if (!result.ok) return result
      commit({ nodes: result.nodes, edges: result.edges }, { record: true, structural: true })
      return { ok: true }
    },

    editAsGroup(id) {
      // Asked from a composite's read-only inside: back to the level that holds the block.
      const top = get().frames.at(-1)
      if (top && !top.outer && top.nodeId === id) get().closeFrames(get().frames.length - 1)
      const s = get()
      const node = s.nodes.find((n) => n.id === id)
      if (!node) return { ok: false, reason: `There is no block ${id} on this level.` }
      const result = convert(toDesignNodes([node])[0]!)
      if (!result.ok) return result
      // Same id, so every edge in and out stays as it is; one undo step brings the block back.
      const group = { ...toBlockNode(result.node), selected: true }
      const nodes = s.nodes.map((n) =>
        n.id === id ? group : n.selected ? { ...n, selected: false } : n,
      )
      commit({ nodes }, { record: true, structural: true })
      get().openFrame(id)
      return { ok: true }
    },
  }
}
