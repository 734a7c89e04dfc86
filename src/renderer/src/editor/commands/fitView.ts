import type { Command } from './types'

export const fitView: Command = {
  id: 'fit',
  label: 'Zoom to fit',
  shortcut: 'Shift+1',
  run: (ctx) => ctx.fitView(),
}
