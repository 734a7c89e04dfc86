#!/usr/bin/env node
// `npm start`: the desktop app through electron-vite where an Electron runtime can run; else
// (no display on Linux, or Electron's binary cannot be had) `blockwise serve` in the browser.
//   npm start                  the app (or serve mode as a fallback)
//   npm start -- --serve [...] serve mode directly; further flags go to `blockwise serve`
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
const forceServe = args.includes('--serve') || process.env.BLOCKWISE_SERVE === '1'
const serveArgs = args.filter((a) => a !== '--serve' && a !== '--')

/** Why Electron cannot run here, or null when it can. */
function electronUnavailable() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display (DISPLAY and WAYLAND_DISPLAY are unset)'
  }
  // electron's index.js downloads the binary on first use; run it apart so a failed or hung
  // download cannot take this script with it.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const binary = probe.stdout.trim()
  if (probe.status !== 0 || !binary || !existsSync(binary)) {
    // The first error line says why (e.g. "TypeError: fetch failed" when offline).
    const lines = (probe.stderr || probe.error?.message || '').split('\n').map((l) => l.trim())
    const why = lines.find((l) => /error/i.test(l) && !l.startsWith('at '))
    return `its binary could not be downloaded${why ? ` (${why})` : ''}`
  }
  return null
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const electronVite = join(
  dirname(require.resolve('electron-vite/package.json')),
  'bin',
  'electron-vite.js',
)

const why = forceServe ? null : electronUnavailable()
if (!forceServe && why === null) {
  run(process.execPath, [electronVite, 'preview'])
} else {
  if (why)
    console.log(
      `Electron cannot run here: ${why}. Starting Blockwise in the browser instead (blockwise serve).`,
    )
  const built =
    existsSync(join(root, 'out', 'main', 'cli.js')) &&
    existsSync(join(root, 'out', 'renderer', 'index.html'))
  if (!built) {
    console.log('Building first (out/ is missing)…')
    const build = spawnSync(process.execPath, [electronVite, 'build'], {
      cwd: root,
      stdio: 'inherit',
    })
    if (build.status !== 0) process.exit(build.status ?? 1)
  }
  run(process.execPath, [join(root, 'bin', 'blockwise.js'), 'serve', ...serveArgs])
}
