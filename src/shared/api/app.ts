import { z } from 'zod'

/** What the desktop app's menu asks the renderer to do (serve mode never sends these). */
export const MENU_ACTIONS = [
  'new',
  'open',
  'save',
  'saveAs',
  'importDataset',
  'export',
  'undo',
  'redo',
] as const
export const menuActionSchema = z.enum(MENU_ACTIONS)
export type MenuAction = z.infer<typeof menuActionSchema>

export const appEvents = {
  /**
   * A menu item was chosen. Undo/redo come here too: the editor decides whether they mean the
   * design's history or the focused text field's.
   */
  'app:menu': z.object({ action: menuActionSchema }),
} as const
