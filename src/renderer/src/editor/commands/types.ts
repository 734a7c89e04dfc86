import type { EditorStoreApi } from '../store/createEditorStore'

/** What a command can reach: the editor store and the view-level operations of the editor. */
export interface CommandContext {
  editor: EditorStoreApi
  fitView(): void
  layout(): Promise<void>
  save(): Promise<void>
  newDesign(): void
  importFile(): void
  exportFile(): void
  showTemplates(): void
}

/** One user action, read by the toolbar, the keyboard and tooltips alike. */
export interface Command {
  id: string
  label: string
  /** 'Mod' is Ctrl, or ⌘ on macOS. */
  shortcut?: string
  run(ctx: CommandContext): void | Promise<void>
}
