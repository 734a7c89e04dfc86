import type { Command } from './types'

export const save: Command = {
  id: 'save',
  label: 'Save',
  shortcut: 'Mod+S',
  run: (ctx) => ctx.save(),
}
