import { useState } from 'react'
import { api as client, ApiError } from '../../api/client'
import type { DesignSummary } from '../../../../shared/api/designs'
import { Icon } from '../../ui/Icon'
import { toast } from '../../ui/toasts'
import { useEditorApi } from '../EditorContext'
import { selectDirty } from '../store/selectors'

const ago = (ms: number): string => {
  const s = Math.round((Date.now() - ms) / 1000)
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return new Date(ms).toLocaleDateString()
}

/** "Open": the saved designs, most recent first. */
export function RecentMenu(): React.JSX.Element {
  const editor = useEditorApi()
  const [items, setItems] = useState<DesignSummary[] | null>(null)
  const [open, setOpen] = useState(false)
  const toggle = async (): Promise<void> => {
    if (open) return setOpen(false)
    setOpen(true)
    setItems(null)
    try {
      const list = await client.designs.list()
      setItems([...list].sort((a, b) => b.updatedAt - a.updatedAt))
    } catch (e) {
      setOpen(false)
      toast('error', `Could not list designs: ${e instanceof ApiError ? e.message : String(e)}`)
    }
  }
  const openDesign = async (id: number): Promise<void> => {
    setOpen(false)
    if (selectDirty(editor.getState()) && !window.confirm('Discard unsaved changes?')) return
    try {
      const got = await client.designs.get({ id })
      editor.getState().load({ ...got.design, name: got.name }, { designId: got.id })
      toast('info', `Opened ${got.name}`)
    } catch (e) {
      toast('error', `Could not open the design: ${e instanceof ApiError ? e.message : String(e)}`)
    }
  }
  return (
    <div className="menu-anchor">
      <button
        className="tb-btn"
        title="Open a saved design"
        onClick={() => void toggle()}
        data-testid="cmd-open"
      >
        <Icon name="folder" />
        <span className="tb-label">Open</span>
      </button>
      {open && (
        <div className="menu" data-testid="recent-menu" onMouseLeave={() => setOpen(false)}>
          {items === null && <div className="menu-note">Loading…</div>}
          {items?.length === 0 && (
            <div className="menu-note">No saved designs yet. Save one with Ctrl+S.</div>
          )}
          {items?.map((d) => (
            <button
              key={d.id}
              className="menu-item"
              onClick={() => void openDesign(d.id)}
              data-testid={`recent-${d.id}`}
            >
              <span>{d.name}</span>
              <span className="muted">{ago(d.updatedAt)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
