import { describe, expect, it } from 'vitest'
import { commandList } from './index'
import { matches, shortcutLabel, tooltip } from './shortcuts'

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {},
) => ({
  key: k,
  code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : /^[0-9]$/.test(k) ? `Digit${k}` : k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
})

describe('shortcuts', () => {
  it('matches modifiers exactly: Ctrl+Z is undo, Ctrl+Shift+Z is not', () => {
    expect(matches('Mod+Z', key('z', { ctrlKey: true }))).toBe(true)
    expect(matches('Mod+Z', key('Z', { ctrlKey: true, shiftKey: true }))).toBe(false)
    expect(matches('Mod+Shift+Z', key('Z', { ctrlKey: true, shiftKey: true }))).toBe(true)
    expect(matches('Mod+Z', key('z'))).toBe(false)
  })

  it('Delete also answers to Backspace, digits go by key position', () => {
    expect(matches('Delete', key('Backspace'))).toBe(true)
    expect(matches('Shift+1', { ...key('!', { shiftKey: true }), code: 'Digit1' })).toBe(true)
  })

  it('no two commands share a shortcut, and tooltips carry it', () => {
    const shortcuts = commandList.flatMap((c) => (c.shortcut ? [c.shortcut] : []))
    expect(new Set(shortcuts).size).toBe(shortcuts.length)
    const undo = commandList.find((c) => c.id === 'undo')!
    expect(tooltip(undo)).toBe(`Undo (${shortcutLabel('Mod+Z')})`)
    expect(shortcutLabel('Mod+Z')).toBe('Ctrl+Z')
  })
})
