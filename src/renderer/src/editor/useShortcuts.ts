import { useEffect } from 'react'
import { commandList, type CommandContext } from './commands'
import { matches } from './commands/shortcuts'

/** Whether the key went to a text field, where Delete and Ctrl+A mean text editing. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)
}

function editorVisible(): boolean {
  const el = document.querySelector<HTMLElement>('[data-testid="editor"]')
  return el !== null && el.offsetParent !== null
}

/** Runs the command whose shortcut a keypress matches, unless the user is typing. */
export function useShortcuts(ctx: CommandContext, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent): void => {
      // The editor stays mounted behind the Train and History views: keys there are not ours.
      if (typing(e.target) || !editorVisible()) return
      const command = commandList.find((c) => c.shortcut && matches(c.shortcut, e))
      if (!command) return
      e.preventDefault()
      void command.run(ctx)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [ctx, enabled])
}
