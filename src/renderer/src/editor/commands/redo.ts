import type { Command } from './types'

export const redo: Command = {
  id: 'redo',
  label: 'Redo',
  shortcut: 'Mod+Shift+Z',
  run: ({ editor }) => editor.getState().redo(),
}
