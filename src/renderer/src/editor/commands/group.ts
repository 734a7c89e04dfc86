import { toast } from '../../ui/toasts'
import type { Command } from './types'

export const group: Command = {
  id: 'group',
  label: 'Group into a custom block',
  shortcut: 'Mod+G',
  run: ({ editor }) => {
    const result = editor.getState().group()
    if (!result.ok) toast('error', result.reason)
  },
}
