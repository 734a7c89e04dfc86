import { useState } from 'react'
import { commands, type CommandId } from '../commands'
import { useRunCommand } from '../commands/CommandProvider'
import { tooltip } from '../commands/shortcuts'
import { useEditor, useEditorApi } from '../EditorContext'
import {
  selectCanRedo,
  selectCanUndo,
  selectDirty,
  selectName,
  selectShowField,
} from '../store/selectors'
import { Icon, type IconName } from '../../ui/Icon'
import { RecentMenu } from './RecentMenu'

/** A toolbar button for a command: its tooltip carries the shortcut. */
function CommandButton({
  id,
  icon,
  disabled,
  label,
  pressed,
}: {
  id: CommandId
  icon: IconName
  disabled?: boolean
  label?: string
  /** For a toggle: whether it is on. */
  pressed?: boolean
}): React.JSX.Element {
  const run = useRunCommand()
  return (
    <button
      className="tb-btn"
      title={tooltip(commands[id])}
      aria-label={commands[id].label}
      disabled={disabled}
      aria-pressed={pressed}
      onClick={() => run(id)}
      data-testid={`cmd-${id}`}
    >
      <Icon name={icon} />
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
  // Follow the store when the name changes elsewhere (open, undo), keeping what is typed otherwise.
  const [shown, setShown] = useState(name)
  if (name !== shown) {
    setShown(name)
    setText(name)
  }
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
  const showField = useEditor(selectShowField)
  return (
    <div className="topbar" data-testid="topbar">
      <DesignName />
      <div className="tb-group">
        <CommandButton id="new" icon="plus" label="New" />
        <CommandButton id="templates" icon="grid" label="Templates" />
        <RecentMenu />
        <CommandButton id="save" icon="save" label="Save" />
        <CommandButton id="import" icon="upload" label="Import" />
        <CommandButton id="export" icon="download" label="Export" />
      </div>
      <div className="tb-group">
        <CommandButton id="undo" icon="undo" disabled={!canUndo} />
        <CommandButton id="redo" icon="redo" disabled={!canRedo} />
      </div>
      <div className="tb-group">
        <CommandButton id="group" icon="group" label="Group" />
        <CommandButton id="ungroup" icon="ungroup" label="Ungroup" />
        <CommandButton id="layout" icon="layout" label="Tidy" />
        <CommandButton id="fit" icon="fit" label="Fit" />
        <CommandButton id="toggleField" icon="field" label="RF" pressed={showField} />
      </div>
    </div>
  )
}
