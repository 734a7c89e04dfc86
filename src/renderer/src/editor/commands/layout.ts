import type { Command } from './types'

export const layout: Command = {
  id: 'layout',
  label: 'Tidy layout',
  shortcut: 'Mod+Shift+L',
  run: (ctx) => ctx.layout(),
}
