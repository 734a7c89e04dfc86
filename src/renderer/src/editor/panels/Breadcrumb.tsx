import { useEditor, useEditorApi } from '../EditorContext'
import { selectFrames, selectName } from '../store/selectors'

/** Where the canvas is: the design, then each composite opened in place. */
export function Breadcrumb(): React.JSX.Element | null {
  const frames = useEditor(selectFrames)
  const name = useEditor(selectName)
  const api = useEditorApi()
  if (frames.length === 0) return null
  return (
    <nav className="breadcrumb" data-testid="breadcrumb">
      <button onClick={() => api.getState().closeFrames(0)} data-testid="crumb-root">
        ← {name}
      </button>
      {frames.map((f, i) => (
        <span key={f.nodeId}>
          <span className="sep">/</span>
          <button
            onClick={() => api.getState().closeFrames(i + 1)}
            disabled={i === frames.length - 1}
          >
            {f.label}
          </button>
        </span>
      ))}
    </nav>
  )
}
