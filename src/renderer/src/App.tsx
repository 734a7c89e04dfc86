import { useState } from 'react'
import '@xyflow/react/dist/style.css'
import './styles/theme.css'
import './styles/app.css'
import './styles/editor.css'
import { EditorView } from './editor/EditorView'
import { Placeholder } from './Placeholder'
import { ConnectionGate, StatusBar } from './shell'
import { Icon } from './ui/Icon'
import { Toasts } from './ui/Toasts'

const VIEWS = [
  { id: 'editor', label: 'Editor', icon: 'editor' },
  { id: 'train', label: 'Train', icon: 'train' },
  { id: 'history', label: 'History', icon: 'history' },
] as const
type ViewId = (typeof VIEWS)[number]['id']

/** The application frame: connection gate, a sidebar switch between Editor, Train and History, status bar. */
export function App(): React.JSX.Element {
  const [view, setView] = useState<ViewId>('editor')
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
            <EditorView />
          </div>
          {view === 'train' && (
            <Placeholder
              title="Train"
              text="Train the open design on a dataset and watch the curves live. Coming in the training issue."
            />
          )}
          {view === 'history' && (
            <Placeholder
              title="History"
              text="Compare runs: curves, hyperparameters, final metrics. Coming in the history issue."
            />
          )}
        </main>
        <Toasts />
      </div>
      <StatusBar />
    </ConnectionGate>
  )
}
