import type { Command } from './types'

export const undo: Command = {
  id: 'undo',
  label: 'Undo',
  shortcut: 'Mod+Z',
  run: ({ editor }) => editor.getState().undo(),
}
