import { insideOf, levelsOf } from './levels'
import type { EditorActions, EditorKit } from './types'

/**
 * Opening composite blocks in place (the breadcrumb): an open group's inside is edited on the
 * canvas and written back into it on close; a composite defined by its params is shown read-only.
 */
export function frameActions({
  get,
  set,
  analyses,
}: EditorKit): Pick<EditorActions, 'openFrame' | 'closeFrames'> {
  return {
    openFrame(nodeId) {
      const s = get()
      const node = s.nodes.find((n) => n.id === nodeId)
      if (!node || (s.frames.length > 0 && s.frames.at(-1)!.outer === undefined)) return
      const label = node.data.label ?? node.id
      if (node.data.kind !== 'group') {
        // A composite defined by its params: shown read-only; keep it selected for the inspector.
        set({
          frames: [...s.frames, { nodeId, label }],
          nodes: s.nodes.map((n) => ({ ...n, selected: n.id === nodeId })),
        })
        return
      }
      const frames = [...s.frames, { nodeId, label, outer: { nodes: s.nodes, edges: s.edges } }]
      const inside = insideOf(node)
      set({
        frames,
        ...inside,
        dragOrigin: null,
        ...analyses(s.name, inside.nodes, inside.edges, frames),
      })
    },

    closeFrames(depth) {
      const s = get()
      if (depth >= s.frames.length) return
      const frames = s.frames.slice(0, depth)
      const levels = levelsOf({ nodes: s.nodes, edges: s.edges }, s.frames)
      // The level shown after closing: the one holding the outermost closed group, written back.
      const openGroups = frames.filter((f) => f.outer).length
      const level = levels[openGroups]!
      set({
        frames,
        nodes: level.nodes,
        edges: level.edges,
        dragOrigin: null,
        ...analyses(s.name, level.nodes, level.edges, frames),
      })
    },
  }
}
