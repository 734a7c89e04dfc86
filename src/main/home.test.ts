import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataHome, defaultDataHome } from './home'

describe('dataHome', () => {
  it('uses BLOCKWISE_HOME and creates it', () => {
    const root = mkdtempSync(join(tmpdir(), 'blockwise-home-'))
    const dir = join(root, 'nested', 'home')
    expect(dataHome({ BLOCKWISE_HOME: dir })).toBe(dir)
    expect(existsSync(dir)).toBe(true)
    rmSync(root, { recursive: true, force: true })
  })

  it('matches the folder Electron’s userData uses on each OS', () => {
    expect(defaultDataHome({}, 'linux', '/home/ada')).toBe('/home/ada/.config/Blockwise')
    expect(defaultDataHome({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe(
      '/xdg/Blockwise',
    )
    expect(defaultDataHome({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Blockwise',
    )
    expect(
      defaultDataHome({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    ).toMatch(/Roaming.Blockwise$/)
  })
})
