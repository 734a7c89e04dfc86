// Builds the optional native convolution kernels (blockwise_native.node) with node-gyp. Run by
// `npm install` / `npm ci` (postinstall) and by `npm run build:native`. A machine without a C++
// toolchain still installs: a failed build prints why and exits 0, and the app runs on its
// wasm kernels (the backend's detail line says the native ones are missing and why).
//   BLOCKWISE_NATIVE_BUILD=0   skip the build
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { findNodeGyp, localHeaders } from './gyp.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const addon = join(here, 'build', 'Release', 'blockwise_native.node')
const say = (line) => process.stdout.write(`blockwise native kernels: ${line}\n`)

function main() {
  if (process.env.BLOCKWISE_NATIVE_BUILD === '0')
    return say('build skipped (BLOCKWISE_NATIVE_BUILD=0)')
  const nodeGyp = findNodeGyp()
  if (nodeGyp === null) return say('not built: node-gyp not found (it comes with npm)')
  // configure + build rather than rebuild: make redoes only what changed, and a binary that a
  // running process has loaded stays in place until the new one is linked.
  const gyp = (command) =>
    spawnSync(process.execPath, [nodeGyp, command, ...localHeaders()], {
      cwd: here,
      encoding: 'utf8',
      timeout: 600_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  let build = gyp('configure')
  if (build.status === 0) build = gyp('build')
  if (build.status !== 0 || !existsSync(addon)) {
    const log = `${build.stdout ?? ''}${build.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-12)
      .join('\n')
    const fallback = existsSync(addon)
      ? 'the previous build stays in use'
      : 'the app uses its wasm kernels instead'
    say(`build failed (${fallback}); node-gyp said:\n${log || build.error}`)
    say('a C++17 compiler, make and python3 are needed; then run `npm run build:native`')
    return
  }
  // Load it once in a separate process, so a binary that cannot load is reported here.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const k = require(${JSON.stringify(addon)}); process.stdout.write(JSON.stringify(k.info()))`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  )
  if (probe.status !== 0)
    return say(`built but does not load: ${probe.stderr.trim().split('\n')[0]}`)
  const info = JSON.parse(probe.stdout)
  say(`built (${info.isa}, ${info.threads} threads; this CPU runs ${info.available})`)
}

main()
