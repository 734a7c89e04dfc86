import type { Command } from './types'

export const paste: Command = {
  id: 'paste',
  label: 'Paste',
  shortcut: 'Mod+V',
  run: ({ editor }) => void editor.getState().paste(),
}
