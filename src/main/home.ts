import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The application's folder name inside the OS's app-data folder (Electron's `userData`). */
export const APP_FOLDER = 'Blockwise'

/**
 * The OS's per-user app-data folder for Blockwise, the same one Electron's
 * `app.getPath('userData')` gives, computed without Electron so the CLI and tests agree with it.
 */
export function defaultDataHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER)
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER)
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER)
  }
}

/** The data directory: `BLOCKWISE_HOME` when set, else the OS's app-data folder; created on demand. */
export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.BLOCKWISE_HOME || defaultDataHome(env)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The SQLite file inside a data directory. */
export function databaseFile(home: string): string {
  return join(home, 'blockwise.db')
}
