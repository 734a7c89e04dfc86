import type { Command } from './types'

export const newDesign: Command = {
  id: 'new',
  label: 'New design',
  shortcut: 'Mod+Alt+N',
  run: (ctx) => ctx.newDesign(),
}
