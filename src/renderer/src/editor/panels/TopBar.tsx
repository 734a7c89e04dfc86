import { useEffect, useState } from 'react'
import { commands, type CommandId } from '../commands'
import { useRunCommand } from '../commands/CommandProvider'
import { tooltip } from '../commands/shortcuts'
import { useEditor, useEditorApi } from '../EditorContext'
import { selectCanRedo, selectCanUndo, selectDirty, selectName } from '../store/selectors'
import { RecentMenu } from './RecentMenu'

/** A toolbar button for a command: its tooltip carries the shortcut. */
function CommandButton({ id, icon, disabled, label }: { id: CommandId; icon: string; disabled?: boolean; label?: string }): React.JSX.Element {
  const run = useRunCommand()
  return (
    <button className="tb-btn" title={tooltip(commands[id])} aria-label={commands[id].label} disabled={disabled} onClick={() => run(id)} data-testid={`cmd-${id}`}>
      <span className="tb-icon" aria-hidden>
        {icon}
      </span>
      {label && <span className="tb-label">{label}</span>}
    </button>
  )
}

/** The design's name, editable in place, with a dot while there are unsaved changes. */
function DesignName(): React.JSX.Element {
  const api = useEditorApi()
  const name = useEditor(selectName)
  const dirty = useEditor(selectDirty)
  const [text, setText] = useState(name)
  useEffect(() => setText(name), [name])
  const commit = (): void => {
    const trimmed = text.trim()
    if (trimmed) api.getState().rename(trimmed)
    else setText(name)
  }
  return (
    <div className="design-name">
      <input
        value={text}
        aria-label="Design name"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        data-testid="design-name"
      />
      {dirty && <span className="dirty-dot" title="Unsaved changes" data-testid="dirty" />}
    </div>
  )
}

/** File actions, history and view controls above the canvas. */
export function TopBar(): React.JSX.Element {
  const canUndo = useEditor(selectCanUndo)
  const canRedo = useEditor(selectCanRedo)
  return (
    <div className="topbar" data-testid="topbar">
      <DesignName />
      <div className="tb-group">
        <CommandButton id="new" icon="＋" label="New" />
        <CommandButton id="templates" icon="▦" label="Templates" />
        <RecentMenu />
        <CommandButton id="save" icon="⬇" label="Save" />
        <CommandButton id="import" icon="⇪" label="Import" />
        <CommandButton id="export" icon="⇩" label="Export" />
      </div>
      <div className="tb-group">
        <CommandButton id="undo" icon="↶" disabled={!canUndo} />
        <CommandButton id="redo" icon="↷" disabled={!canRedo} />
      </div>
      <div className="tb-group">
        <CommandButton id="group" icon="⧉" label="Group" />
        <CommandButton id="ungroup" icon="⧈" label="Ungroup" />
        <CommandButton id="layout" icon="⇅" label="Tidy" />
        <CommandButton id="fit" icon="⤢" label="Fit" />
        <CommandButton id="toggleField" icon="◎" label="RF" />
      </div>
    </div>
  )
}
