import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Design } from '../../../../shared/graph/types'
import { analyzeDesign, emptyAnalysis } from '../catalog'
import { freshId, toBlockNode, toShapeEdge, type BlockNode, type ShapeEdge } from '../model'
import { canvasActions } from './canvasActions'
import { emptyHistory, record, stepBack, stepForward, type Snapshot } from './history'
import { pasteClip, takeClip } from './clipboard'
import { applyFixTo } from './fixes'
import { frameActions } from './frameActions'
import { groupActions } from './groupActions'
import { analyzeLevels, composeDesign } from './levels'
import type {
  CommitOptions,
  Edit,
  EditorActions,
  EditorKit,
  EditorState,
  EditorStore,
  Frame,
} from './types'

let serials = 0
const nextSerial = (): number => ++serials

export type EditorStoreApi = StoreApi<EditorStore>

/** Creates an editor holding `initial`; the design is loaded, so nothing is undoable yet. */
export function createEditorStore(initial: Design): EditorStoreApi {
  return createStore<EditorStore>()((set, get) => {
    const snapshot = (s: EditorState): Snapshot => ({
      name: s.name,
      nodes: s.nodes,
      edges: s.edges,
      frames: s.frames,
      serial: s.serial,
    })
    /** Both analyses for a level, in the state's field names. */
    const analyses = (name: string, nodes: BlockNode[], edges: ShapeEdge[], frames: Frame[]) => {
      const { design, level } = analyzeLevels(name, { nodes, edges }, frames)
      return { levelAnalysis: level, analysis: design }
    }

    /** Applies a document edit, recorded for undo or not (see `CommitOptions`). */
    const commit = (edit: Edit, opts: CommitOptions): void => {
      const s = get()
      const next: Partial<EditorState> = { ...edit }
      if (opts.record) {
        next.history = record(s.history, snapshot(s), opts.key ?? null, Date.now())
        next.serial = nextSerial()
      }
      if (opts.structural) {
        const nodes = edit.nodes ?? s.nodes
        const edges = edit.edges ?? s.edges
        Object.assign(next, analyses(edit.name ?? s.name, nodes, edges, s.frames))
      }
      set(next)
    }

    const restore = (to: Snapshot, history: EditorState['history']): void => {
      set({
        name: to.name,
        nodes: to.nodes,
        edges: to.edges,
        frames: to.frames,
        serial: to.serial,
        history,
        dragOrigin: null,
        ...analyses(to.name, to.nodes, to.edges, to.frames),
      })
    }

    const state: EditorState = {
      name: initial.name,
      nodes: initial.nodes.map(toBlockNode),
      edges: initial.edges.map(toShapeEdge),
      designId: null,
      serial: nextSerial(),
      savedSerial: -1,
      history: emptyHistory(),
      analysis: emptyAnalysis(),
      levelAnalysis: emptyAnalysis(),
      clipboard: null,
      frames: [],
      dragOrigin: null,
      showField: false,
    }
    state.savedSerial = state.serial
    state.analysis = state.levelAnalysis = analyzeDesign(initial)

    const kit: EditorKit = { get, set, commit, analyses }
    const actions: EditorActions = {
      ...canvasActions(kit),
      ...frameActions(kit),
      ...groupActions(kit),
      load(design, opts = {}) {
        const serial = nextSerial()
        set({
          name: design.name,
          nodes: design.nodes.map(toBlockNode),
          edges: design.edges.map(toShapeEdge),
          designId: opts.designId ?? null,
          serial,
          savedSerial: opts.saved === false ? -1 : serial,
          history: emptyHistory(),
          ...analyses(
            design.name,
            design.nodes.map(toBlockNode),
            design.edges.map(toShapeEdge),
            [],
          ),
          frames: [],
          dragOrigin: null,
        })
      },

      addBlock(kind, position) {
        const s = get()
        const id = freshId(kind, new Set(s.nodes.map((n) => n.id)))
        const node: BlockNode = {
          ...toBlockNode({ id, kind, params: {}, position }),
          selected: true,
        }
        const nodes = s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n))
        commit({ nodes: [...nodes, node] }, { record: true, structural: true })
        return id
      },

      updateParams(id, patch) {
        const s = get()
        const nodes = s.nodes.map((n) =>
          n.id === id ? { ...n, data: { ...n.data, params: { ...n.data.params, ...patch } } } : n,
        )
        const key = `params:${id}:${Object.keys(patch).sort().join(',')}`
        commit({ nodes }, { record: true, key, structural: true })
      },

      setLabel(id, label) {
        const s = get()
        const nodes = s.nodes.map((n) => {
          if (n.id !== id) return n
          const data = { ...n.data }
          if (label.trim() === '') delete data.label
          else data.label = label
          return { ...n, data }
        })
        commit({ nodes }, { record: true, key: `label:${id}`, structural: true })
      },

      rename(name) {
        if (name === get().name) return
        commit({ name }, { record: true, key: 'name', structural: false })
      },

      deleteSelection() {
        const s = get()
        const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id))
        const edges = s.edges.filter(
          (e) => !e.selected && !gone.has(e.source) && !gone.has(e.target),
        )
        if (gone.size === 0 && edges.length === s.edges.length) return
        commit(
          { nodes: s.nodes.filter((n) => !gone.has(n.id)), edges },
          { record: true, structural: true },
        )
      },

      copySelection() {
        const s = get()
        const clip = takeClip(s.nodes, s.edges)
        if (clip.nodes.length > 0) set({ clipboard: clip })
        return clip.nodes.length
      },

      paste() {
        const s = get()
        if (!s.clipboard || s.clipboard.nodes.length === 0) return 0
        const { nodes, edges, clipboard } = pasteClip(s.clipboard, s.nodes, s.edges)
        commit({ nodes, edges }, { record: true, structural: true })
        set({ clipboard })
        return s.clipboard.nodes.length
      },

      undo() {
        const s = get()
        const step = stepBack(s.history, snapshot(s))
        if (step) restore(step.to, step.history)
      },

      redo() {
        const s = get()
        const step = stepForward(s.history, snapshot(s))
        if (step) restore(step.to, step.history)
      },

      setPositions(positions, opts = {}) {
        const s = get()
        const nodes = s.nodes.map((n) => {
          const p = positions.get(n.id)
          return p ? { ...n, position: { x: p.x, y: p.y } } : n
        })
        commit({ nodes }, { record: opts.record ?? true, structural: false })
      },

      selectNodes(ids) {
        const want = new Set(ids)
        set((s) => ({
          nodes: s.nodes.map((n) =>
            Boolean(n.selected) === want.has(n.id) ? n : { ...n, selected: want.has(n.id) },
          ),
          edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        }))
      },

      selectAll() {
        set((s) => ({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) }))
      },

      applyFix(nodeId, code) {
        const s = get()
        const result = applyFixTo(code, nodeId, s.nodes, s.edges, s.levelAnalysis)
        if (!result.ok) return result
        commit({ nodes: result.nodes, edges: result.edges }, { record: true, structural: true })
        return { ok: true }
      },

      markSaved(designId) {
        set((s) => ({ designId, savedSerial: s.serial }))
      },

      toggleField() {
        set((s) => ({ showField: !s.showField }))
      },

      design() {
        const s = get()
        return composeDesign(s.name, { nodes: s.nodes, edges: s.edges }, s.frames)
      },
    }

    return { ...state, ...actions }
  })
}
