import { blockSpec } from '../catalog'
import { shortcutLabel } from './shortcuts'
import { toast } from '../../ui/toasts'
import type { Command } from './types'

export const editAsGroup: Command = {
  id: 'editAsGroup',
  label: 'Edit as group',
  shortcut: 'Mod+Alt+G',
  run: ({ editor }) => {
    const s = editor.getState()
    const chosen = s.nodes.filter((n) => n.selected)
    if (chosen.length !== 1) {
      return toast(
        'error',
        'Select one inception module, residual block or stage to edit as a group.',
      )
    }
    const node = chosen[0]!
    const was = blockSpec(node.data.kind)?.label ?? node.data.kind
    const result = s.editAsGroup(node.id)
    if (!result.ok) return toast('error', result.reason)
    toast(
      'info',
      `${node.data.label ?? node.id} is now a group you can edit block by block. Undo (${shortcutLabel('Mod+Z')}) brings the ${was} back.`,
    )
  },
}
