import { ReactFlowProvider, useReactFlow } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { api as client, ApiError } from '../api/client'
import { getTemplate, type TemplateInfo } from '../../../shared/templates'
import type { Design } from '../../../shared/graph/types'
import { toast } from '../ui/toasts'
import { blankDesign } from './blank'
import { Canvas } from './canvas/Canvas'
import { InsideView } from './canvas/InsideView'
import { CommandCtx } from './commands/CommandProvider'
import type { CommandContext } from './commands'
import { EditorContext, useEditor } from './EditorContext'
import { downloadDesign, pickDesignFile } from './files/designFile'
import { layoutPositions } from './layout'
import { toBlockNode, toShapeEdge } from './model'
import { Breadcrumb } from './panels/Breadcrumb'
import { Inspector } from './panels/Inspector'
import { Palette } from './panels/Palette'
import { TemplatesGallery } from './panels/TemplatesGallery'
import { TopBar } from './panels/TopBar'
import { TotalsBar } from './panels/TotalsBar'
import { Welcome } from './panels/Welcome'
import { createEditorStore, type EditorStoreApi } from './store/createEditorStore'
import { selectDirty, selectFrames } from './store/selectors'
import { useShortcuts } from './useShortcuts'

const WELCOMED_KEY = 'blockwise.welcomed'

/** Width over height of the canvas on screen, so a layout fills it. */
function canvasAspect(): number {
  const r = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect()
  return r && r.height > 0 ? r.width / r.height : 1.5
}

/** A design with positions from the layered layout (templates arrive as a plain column). */
async function laidOut(design: Design): Promise<Design> {
  const positions = await layoutPositions(
    design.nodes.map((n) => toBlockNode(n)),
    design.edges.map(toShapeEdge),
    canvasAspect(),
  )
  return {
    ...design,
    nodes: design.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
  }
}

/** The editor workspace: top bar, palette, canvas, inspector and totals around one store. */
function Workspace({ store }: { store: EditorStoreApi }): React.JSX.Element {
  const flow = useReactFlow()
  const frames = useEditor(selectFrames)
  const [showTemplates, setShowTemplates] = useState(false)
  const [welcome, setWelcome] = useState(() => localStorage.getItem(WELCOMED_KEY) === null)

  const fitView = useCallback(() => void flow.fitView({ padding: 0.15, duration: 250 }), [flow])
  // Leaving the page with unsaved changes asks first (reload, closing the tab or window).
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent): void => {
      if (selectDirty(store.getState())) e.preventDefault()
    }
    window.addEventListener('beforeunload', onLeave)
    return () => window.removeEventListener('beforeunload', onLeave)
  }, [store])
  // Entering or leaving a group shows another level: frame it. Keyed on the path, not the depth:
  // Edit as group from a read-only inside swaps that view for the group at the same depth.
  const path = frames.map((f) => `${f.nodeId}${f.outer ? '' : ' (view)'}`).join(' / ')
  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }))
    return () => cancelAnimationFrame(frame)
  }, [path, flow])
  const confirmDiscard = useCallback(
    () =>
      !selectDirty(store.getState()) || window.confirm('Discard unsaved changes to this design?'),
    [store],
  )
  const openTemplate = useCallback(
    async (t: TemplateInfo) => {
      setShowTemplates(false)
      if (!confirmDiscard()) return
      const design = await laidOut(t.build())
      store.getState().load(design)
      requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }))
    },
    [store, flow, confirmDiscard],
  )
  const closeWelcome = (): void => {
    localStorage.setItem(WELCOMED_KEY, '1')
    setWelcome(false)
  }

  const ctx = useMemo<CommandContext>(
    () => ({
      editor: store,
      fitView,
      async layout() {
        const s = store.getState()
        store.getState().setPositions(await layoutPositions(s.nodes, s.edges, canvasAspect()))
        requestAnimationFrame(fitView)
      },
      async save() {
        const s = store.getState()
        try {
          const saved = await client.designs.save({
            ...(s.designId !== null ? { id: s.designId } : {}),
            name: s.name,
            design: s.design(),
          })
          store.getState().markSaved(saved.id)
          toast('success', `Saved “${s.name}”`)
        } catch (e) {
          toast('error', `Could not save: ${e instanceof ApiError ? e.message : String(e)}`)
        }
      },
      newDesign() {
        if (confirmDiscard()) store.getState().load(blankDesign())
      },
      importFile() {
        void pickDesignFile().then((r) => {
          if (r === null) return
          if (!r.ok) return toast('error', r.error)
          if (!confirmDiscard()) return
          store.getState().load(r.design)
          requestAnimationFrame(fitView)
          toast('info', `Imported ${r.fileName}`)
        })
      },
      exportFile() {
        downloadDesign(store.getState().design())
      },
      showTemplates() {
        setShowTemplates(true)
      },
    }),
    [store, fitView, confirmDiscard],
  )
  useShortcuts(ctx, !showTemplates && !welcome)

  const addAtCentre = useCallback(
    (kind: string) => {
      const el = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect()
      const centre = el
        ? flow.screenToFlowPosition({ x: el.left + el.width / 2, y: el.top + el.height / 2 })
        : { x: 0, y: 0 }
      store.getState().addBlock(kind, { x: centre.x - 110, y: centre.y - 40 })
    },
    [store, flow],
  )
  const focusNode = useCallback(
    (id: string) => {
      store.getState().closeFrames(0)
      store.getState().selectNodes([id])
      const node = flow.getNode(id)
      if (node) void flow.fitView({ nodes: [node], duration: 300, maxZoom: 1.2, padding: 0.6 })
    },
    [store, flow],
  )

  return (
    <CommandCtx.Provider value={ctx}>
      <div className="editor" data-testid="editor">
        <TopBar />
        <div className="editor-main">
          <Palette onAdd={addAtCentre} />
          <div className="canvas-wrap">
            <Breadcrumb />
            {frames.length > 0 && !frames.at(-1)!.outer ? (
              <InsideView nodeId={frames.at(-1)!.nodeId} />
            ) : (
              <Canvas />
            )}
          </div>
          <Inspector />
        </div>
        <TotalsBar onFocusNode={focusNode} />
      </div>
      {showTemplates && (
        <TemplatesGallery
          onOpen={(t) => void openTemplate(t)}
          onClose={() => setShowTemplates(false)}
        />
      )}
      {welcome && (
        <Welcome
          onLenet={() => {
            closeWelcome()
            void openTemplate(getTemplate('lenet5')!)
          }}
          onTemplates={() => {
            closeWelcome()
            setShowTemplates(true)
          }}
          onBlank={closeWelcome}
        />
      )}
    </CommandCtx.Provider>
  )
}

/** The Editor view: owns its store for the life of the app, or uses the app's (the Train view reads the same design). */
export function EditorView({ store: given }: { store?: EditorStoreApi } = {}): React.JSX.Element {
  const [store] = useState(() => given ?? createEditorStore(blankDesign()))
  return (
    <EditorContext.Provider value={store}>
      <ReactFlowProvider>
        <Workspace store={store} />
      </ReactFlowProvider>
    </EditorContext.Provider>
  )
}
