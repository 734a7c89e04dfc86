// Builds the native kernels with AddressSanitizer and UndefinedBehaviorSanitizer into
// native/build/sanitize/ and runs the kernel tests against that build: any out-of-bounds access,
// use after free, signed overflow or bad cast in the C++ fails the run. `npm run test:native`.
// Linux with GCC or Clang only (Node itself is not instrumented, so the sanitizer runtimes are
// preloaded). The regular build in native/build/Release is left alone.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { findNodeGyp, localHeaders } from './gyp.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const dir = join(here, 'build', 'sanitize')
const addon = join(dir, 'build', 'Release', 'blockwise_native.node')
const fail = (why) => {
  process.stderr.write(`sanitized native kernels: ${why}\n`)
  process.exit(1)
}

if (process.platform !== 'linux') fail('this check runs on Linux only')
const nodeGyp = findNodeGyp()
if (nodeGyp === null) fail('node-gyp not found (it comes with npm)')

const runtime = (name) => {
  const r = spawnSync(process.env.CXX ?? 'g++', [`-print-file-name=${name}`], { encoding: 'utf8' })
  const path = r.stdout?.trim()
  if (r.status !== 0 || !path || !existsSync(path)) fail(`the compiler has no ${name}`)
  return path
}
const preload = [runtime('libasan.so'), runtime('libubsan.so')].join(' ')

rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
cpSync(join(here, 'src'), join(dir, 'src'), { recursive: true })
cpSync(join(here, 'binding.gyp'), join(dir, 'binding.gyp'))

const flags =
  '-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g'
const env = {
  ...process.env,
  CXXFLAGS: flags,
  CFLAGS: flags,
  LDFLAGS: '-fsanitize=address,undefined',
}
for (const command of ['configure', 'build']) {
  const r = spawnSync(process.execPath, [nodeGyp, command, ...localHeaders()], {
    cwd: dir,
    env,
    stdio: 'inherit',
    timeout: 900_000,
  })
  if (r.status !== 0) fail(`node-gyp ${command} failed`)
}
if (!existsSync(addon)) fail(`the build left no ${addon}`)

// Node and V8 leak by design at exit; the kernels are what is checked. A sanitizer report ends
// the process with a non-zero status, which fails the test run.
const tests = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'src/main/engine/backend/addon/'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      BLOCKWISE_NATIVE_ADDON: addon,
      LD_PRELOAD: preload,
      ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
      UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
    },
  },
)
process.exit(tests.status ?? 1)
