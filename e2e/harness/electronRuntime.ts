/**
 * Finds the Electron binary the way `require('electron')` would, without triggering its
 * download (electron 45 fetches it on first start), and says what is missing when the desktop
 * app cannot run here: the binary, a display (Linux), or the build.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './paths'

export type ElectronRuntime = { path: string } | { missing: string }

export function electronRuntime(): ElectronRuntime {
  const pkg = join(ROOT, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const binary = override
    ? join(override, relative ?? 'electron')
    : relative
      ? join(pkg, 'dist', relative)
      : null
  if (!binary || !existsSync(binary))
    return {
      missing:
        'no Electron runtime: its binary was never downloaded (node_modules/electron/dist is empty; ' +
        'run `npx electron --version` once on a machine that can reach its download host)',
    }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'no display for Electron (run under xvfb-run)' }
  }
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js')))
    return { missing: 'the app is not built (npm run build)' }
  return { path: binary }
}

/** Why the desktop app cannot run here, or null when it can. Computed once per process. */
export const electronMissing: string | null = (() => {
  const runtime = electronRuntime()
  return 'missing' in runtime ? runtime.missing : null
})()
