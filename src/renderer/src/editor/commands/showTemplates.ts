import type { Command } from './types'

export const showTemplates: Command = {
  id: 'templates',
  label: 'Templates',
  shortcut: 'Mod+Shift+T',
  run: (ctx) => ctx.showTemplates(),
}
