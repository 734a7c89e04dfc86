import type { Command } from './types'

export const exportFile: Command = {
  id: 'export',
  label: 'Export .blockwise.json',
  shortcut: 'Mod+E',
  run: (ctx) => ctx.exportFile(),
}
