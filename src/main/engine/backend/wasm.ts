import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { availableParallelism } from 'node:os'
import { engine, env, getBackend, setBackend } from '@tensorflow/tfjs-core'
import { registerTrainingKernels } from './kernels'
import { unpackedPath } from './unpackedPath'
// The folder, not native.ts (tfjs-node's loader) beside it.
import { nativeKernelsActive, registerNativeKernels } from './addon/index'
import { nativeKernelsLabel } from './addonLabel'
import type { BackendInfo } from './types'
import { MAX_WASM_THREADS, enableWasmThreads, threadsUnavailable } from './wasmThreads'

/** The threaded build waits for its workers to load; a broken one would wait forever. */
const START_TIMEOUT_MS = 30_000

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

const require = createRequire(import.meta.url)

/** The binaries the wasm backend chooses between (plain, SIMD, threaded SIMD). */
const binaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const

/**
 * tfjs-backend-wasm's dist/ folder as installed in node_modules. In a packaged app the package
 * is unpacked beside the asar archive (electron-builder.yml), where worker threads and the
 * emscripten loader can read it as plain files.
 */
export function defaultWasmPath(): string {
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')
  return unpackedPath(dist)
}

/**
 * Loads the wasm backend from `wasmPath` (a folder holding its .wasm binaries), adds the
 * training kernels and makes it current.
 */
export async function loadWasm(
  wasmPath: string = defaultWasmPath(),
  threadCount?: number,
): Promise<BackendInfo> {
  const missing = binaries.filter((file) => !existsSync(join(wasmPath, file)))
  if (missing.length > 0) {
    throw new Error(`wasm binaries not found in ${wasmPath} (missing ${missing.join(', ')})`)
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  // The emscripten loader joins prefix and file name itself, so the prefix needs its slash.
  wasm.setWasmPaths(wasmPath.endsWith('/') ? wasmPath : `${wasmPath}/`)
  const kernels = registerTrainingKernels('wasm')
  // After the training kernels: the native convolutions go in front of theirs and fall back to
  // them for what the addon does not do.
  const native = registerNativeKernels('wasm')
  // With the native kernels in, wasm keeps one thread unless asked for more: the two pools
  // took turns on the same cores, and LeNet-5 trained faster with wasm on one (10 of 12
  // alternating pairs, median ×1.2; ResNet-20 even), its big work being native anyway.
  const nativeOn = nativeKernelsActive('wasm')
  const wanted = Math.min(MAX_WASM_THREADS, threadCount ?? (nativeOn ? 1 : availableParallelism()))
  const single =
    threadCount !== undefined
      ? 'one thread asked for'
      : nativeOn
        ? 'the native kernels have the cores'
        : 'one core'
  const noThreads = wanted > 1 ? threadsUnavailable(wasmPath) : single
  let started = false
  if (engine().registry.wasm !== undefined) {
    // Already running (a second initBackend): threads and binaries were settled then.
    started = await setBackend('wasm')
  } else if (noThreads === null) {
    wasm.setThreadsCount(wanted)
    const done = enableWasmThreads(wanted)
    try {
      started = await withTimeout(setBackend('wasm'), START_TIMEOUT_MS, 'threaded wasm start')
    } finally {
      done()
    }
  } else {
    started = await setBackend('wasm')
  }
  if (!started || getBackend() !== 'wasm') {
    throw new Error(`the wasm backend failed to initialise from ${wasmPath}`)
  }
  const simd = (await env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true
  const threads = wasm.getThreadsCount()
  const detail =
    `tfjs-backend-wasm ${wasm.version_wasm}: ${simd ? 'SIMD' : 'no SIMD'}, ` +
    `${threads} thread${threads === 1 ? '' : 's'}${noThreads === null ? '' : ` (${noThreads})`}, ` +
    `training kernels (${kernels.join(', ')}), ${native}, binaries in ${wasmPath}`
  return {
    name: 'wasm',
    version: wasm.version_wasm,
    detail,
    nativeKernels: nativeKernelsLabel('wasm'),
    device: null,
  }
}
