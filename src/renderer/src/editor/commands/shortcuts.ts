import type { Command } from './types'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** "Mod+Shift+Z" as this platform writes it: "Ctrl+Shift+Z" or "⇧⌘Z". */
export function shortcutLabel(shortcut: string): string {
  if (!isMac) return shortcut.replace('Mod', 'Ctrl')
  const map: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥', Delete: '⌫' }
  return shortcut
    .split('+')
    .map((k) => map[k] ?? k)
    .join('')
}

/** "Undo (Ctrl+Z)": the tooltip of a command's button. */
export function tooltip(command: Command): string {
  return command.shortcut ? `${command.label} (${shortcutLabel(command.shortcut)})` : command.label
}

/** Whether keyboard event `e` presses `shortcut`. */
export function matches(
  shortcut: string,
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): boolean {
  const parts = shortcut.split('+')
  const key = parts.at(-1)!
  const want = new Set(parts.slice(0, -1))
  const mod = isMac ? e.metaKey : e.ctrlKey
  if (want.has('Mod') !== mod || want.has('Shift') !== e.shiftKey || want.has('Alt') !== e.altKey)
    return false
  if (key === 'Delete') return e.key === 'Delete' || e.key === 'Backspace'
  if (/^[0-9]$/.test(key)) return e.code === `Digit${key}`
  return e.key.toLowerCase() === key.toLowerCase() || e.code === `Key${key.toUpperCase()}`
}
