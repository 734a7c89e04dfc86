import type { Command } from './types'

export const toggleField: Command = {
  id: 'toggleField',
  label: 'Show receptive field and stride',
  shortcut: 'R',
  run: ({ editor }) => editor.getState().toggleField(),
}
