import { toast } from '../../ui/toasts'
import type { Command } from './types'

export const ungroup: Command = {
  id: 'ungroup',
  label: 'Ungroup',
  shortcut: 'Mod+Shift+G',
  run: ({ editor }) => {
    const s = editor.getState()
    const chosen = s.nodes.filter((n) => n.selected)
    if (chosen.length !== 1) return toast('error', 'Select one group to ungroup.')
    const result = s.ungroup(chosen[0]!.id)
    if (!result.ok) toast('error', result.reason)
  },
}
