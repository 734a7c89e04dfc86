import type { Command } from './types'

export const deleteSelection: Command = {
  id: 'delete',
  label: 'Delete selection',
  shortcut: 'Delete',
  run: ({ editor }) => editor.getState().deleteSelection(),
}
