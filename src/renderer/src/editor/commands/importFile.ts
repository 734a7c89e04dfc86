import type { Command } from './types'

export const importFile: Command = {
  id: 'import',
  label: 'Import .blockwise.json',
  shortcut: 'Mod+O',
  run: (ctx) => ctx.importFile(),
}
