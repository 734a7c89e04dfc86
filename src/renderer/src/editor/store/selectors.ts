import type { EditorStore } from './types'

/** Module-scope selectors: stable identities, so components re-render only on their slice. */
export const selectNodes = (s: EditorStore) => s.nodes
export const selectEdges = (s: EditorStore) => s.edges
export const selectName = (s: EditorStore) => s.name
export const selectDirty = (s: EditorStore) => s.serial !== s.savedSerial
export const selectCanUndo = (s: EditorStore) => s.history.past.length > 0
export const selectCanRedo = (s: EditorStore) => s.history.future.length > 0
export const selectAnalysis = (s: EditorStore) => s.analysis
export const selectTotals = (s: EditorStore) => s.analysis.totals
export const selectDiagnostics = (s: EditorStore) => s.analysis.diagnostics
export const selectFrames = (s: EditorStore) => s.frames

/** The one selected node, or null when none or several are selected. */
export const selectSingleSelected = (s: EditorStore) => {
  let found = null
  for (const n of s.nodes) {
    if (!n.selected) continue
    if (found) return null
    found = n
  }
  return found
}

export const selectSelectedCount = (s: EditorStore) => {
  let count = 0
  for (const n of s.nodes) if (n.selected) count++
  return count
}
export const selectShowField = (s: EditorStore) => s.showField
