import type { Command } from './types'

export const selectAll: Command = {
  id: 'selectAll',
  label: 'Select all',
  shortcut: 'Mod+A',
  run: ({ editor }) => editor.getState().selectAll(),
}
