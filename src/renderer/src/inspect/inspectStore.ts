import { create } from 'zustand'

export type InspectTab = 'evaluation' | 'predict' | 'filters' | 'patches' | 'maps'

interface InspectState {
  /** The run being inspected; null when the inspector is closed. */
  runId: number | null
  tab: InspectTab
  /** The conv layer and filter the Top patches tab shows (set by clicking a filter). */
  patchTarget: { layer: string; filter: number } | null
}

interface InspectActions {
  open(runId: number): void
  close(): void
  setTab(tab: InspectTab): void
  /** Shows the top-9 patches of one filter. */
  showPatches(layer: string, filter: number): void
}

/** Which run the inspector shows and on which tab; any view can open it with `open(runId)`. */
export const useInspect = create<InspectState & InspectActions>((set) => ({
  runId: null,
  tab: 'evaluation',
  patchTarget: null,
  open: (runId) => set({ runId, tab: 'evaluation', patchTarget: null }),
  close: () => set({ runId: null }),
  setTab: (tab) => set({ tab }),
  showPatches: (layer, filter) => set({ tab: 'patches', patchTarget: { layer, filter } }),
}))

/** Opens the run inspector on a run (for buttons in other views). */
export const openInspector = (runId: number): void => useInspect.getState().open(runId)
