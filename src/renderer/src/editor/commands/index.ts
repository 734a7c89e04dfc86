import { copy } from './copy'
import { deleteSelection } from './deleteSelection'
import { editAsGroup } from './editAsGroup'
import { exportFile } from './exportFile'
import { fitView } from './fitView'
import { group } from './group'
import { importFile } from './importFile'
import { layout } from './layout'
import { newDesign } from './newDesign'
import { paste } from './paste'
import { redo } from './redo'
import { save } from './save'
import { selectAll } from './selectAll'
import { showTemplates } from './showTemplates'
import { toggleField } from './toggleField'
import type { Command } from './types'
import { undo } from './undo'
import { ungroup } from './ungroup'

export type { Command, CommandContext } from './types'

/** Every command, by id: the toolbar, the keyboard and tooltips all read this one list. */
export const commands = {
  undo,
  redo,
  delete: deleteSelection,
  copy,
  paste,
  selectAll,
  group,
  ungroup,
  editAsGroup,
  layout,
  fit: fitView,
  save,
  new: newDesign,
  import: importFile,
  export: exportFile,
  templates: showTemplates,
  toggleField,
} as const satisfies Record<string, Command>

export type CommandId = keyof typeof commands
export const commandList: readonly Command[] = Object.values(commands)
