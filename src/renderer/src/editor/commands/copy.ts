import type { Command } from './types'

export const copy: Command = {
  id: 'copy',
  label: 'Copy',
  shortcut: 'Mod+C',
  run: ({ editor }) => void editor.getState().copySelection(),
}
