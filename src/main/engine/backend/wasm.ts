import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { env, getBackend, setBackend } from '@tensorflow/tfjs-core'
import { registerTrainingKernels, trainingKernelNames } from './kernels'
import type { BackendInfo } from './types'

const require = createRequire(import.meta.url)

/** The binaries the wasm backend chooses between (plain, SIMD, threaded SIMD). */
const binaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const

/** tfjs-backend-wasm's dist/ folder as installed in node_modules. */
export function defaultWasmPath(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')
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
  if (threadCount !== undefined) wasm.setThreadsCount(threadCount)
  registerTrainingKernels('wasm')
  if (!(await setBackend('wasm')) || getBackend() !== 'wasm') {
    throw new Error(`the wasm backend failed to initialise from ${wasmPath}`)
  }
  const simd = (await env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true
  const threads = wasm.getThreadsCount()
  const detail =
    `tfjs-backend-wasm ${wasm.version_wasm}: ${simd ? 'SIMD' : 'no SIMD'}, ` +
    `${threads} thread${threads === 1 ? '' : 's'}, training kernels ` +
    `(${trainingKernelNames.join(', ')}), binaries in ${wasmPath}`
  return { name: 'wasm', version: wasm.version_wasm, detail }
}
