import { useEffect, useState } from 'react'
import '@xyflow/react/dist/style.css'
import './styles/theme.css'
import './styles/app.css'
import './styles/editor.css'
import { api } from './api'
import { openImportDialog } from './datasets'
import { blankDesign } from './editor/blank'
import { EditorView } from './editor/EditorView'
import { createEditorStore } from './editor/store/createEditorStore'
import { HistoryView } from './history/HistoryView'
import { InspectOverlay } from './inspect'
import type { Design } from '../../shared/graph/types'
import { live } from './train/liveStore'
import { RunWatcher } from './train/RunWatcher'
import { TrainView } from './train/TrainView'
import { ConnectionGate, StatusBar } from './shell'
import { Icon } from './ui/Icon'
import { Toasts } from './ui/Toasts'
import { selectDirty } from './editor/store/selectors'

const VIEWS = [
  { id: 'editor', label: 'Editor', icon: 'editor' },
  { id: 'train', label: 'Train', icon: 'train' },
  { id: 'history', label: 'History', icon: 'history' },
] as const
type ViewId = (typeof VIEWS)[number]['id']

/** The application frame: connection gate, a sidebar switch between Editor, Train and History, status bar. */
export function App(): React.JSX.Element {
  const [view, setView] = useState<ViewId>('editor')
  // One editor store for the app: the Train view trains the design the editor shows.
  const [editor] = useState(() => createEditorStore(blankDesign()))
  // The desktop menu's "Import Dataset…" opens the import dialog over the Train view.
  useEffect(
    () =>
      api.app.onMenu(({ action }) => {
        if (action !== 'importDataset') return
        setView('train')
        openImportDialog()
      }),
    [],
  )
  const openDesign = (design: Design): void => {
    const s = editor.getState()
    if (selectDirty(s) && !window.confirm('Discard unsaved changes to the open design?')) return
    s.load(design)
    setView('editor')
  }
  return (
    <ConnectionGate>
      <div className="app">
        <nav className="rail" aria-label="Views">
          <div className="brand" title="Blockwise">
            <Icon name="blocks" size={20} />
          </div>
          {VIEWS.map((v) => (
            <button
              key={v.id}
              className={`rail-btn${view === v.id ? ' active' : ''}`}
              onClick={() => setView(v.id)}
              aria-current={view === v.id ? 'page' : undefined}
              data-testid={`view-${v.id}`}
            >
              <Icon name={v.icon} size={18} />
              <span className="rail-label">{v.label}</span>
            </button>
          ))}
        </nav>
        <main className="view">
          {/* The editor stays mounted so switching views keeps the design, selection and history. */}
          <div className="view-pane" hidden={view !== 'editor'}>
            <EditorView store={editor} />
          </div>
          <div className="view-pane" hidden={view !== 'train'}>
            <TrainView editor={editor} active={view === 'train'} />
          </div>
          {view === 'history' && (
            <div className="view-pane">
              <HistoryView
                onOpenDesign={openDesign}
                onStarted={(runId) => {
                  live.watch(runId)
                  setView('train')
                }}
              />
            </div>
          )}
        </main>
        <InspectOverlay />
        <Toasts />
        <RunWatcher />
      </div>
      <StatusBar />
    </ConnectionGate>
  )
}
