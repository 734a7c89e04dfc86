import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
// addon.ts loads no tfjs: the services process stays free of it.
import { loadAddon, nativeInfoLabel } from '../engine/backend/addon/addon'
import { gpuLabel, requestGpuAdapter } from '../engine/backend/gpuAdapter'
import type { BackendSummary } from './system'

const require = createRequire(import.meta.url)

function installedVersion(pkg: string): string | null {
  try {
    const file = require.resolve(`${pkg}/package.json`)
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return null
  }
}

/** True when a tfjs-node package is installed with its native binding built (it is optional). */
function nativeReady(pkg: string): boolean {
  try {
    const root = dirname(require.resolve(`${pkg}/package.json`))
    return ['lib/napi-v8/tfjs_binding.node', 'lib/napi-v9/tfjs_binding.node'].some((f) =>
      existsSync(`${root}/${f}`),
    )
  } catch {
    return false
  }
}

/**
 * Predicts which backend a trainer will get with 'auto', following the engine's chain
 * (tfjs-node-gpu with a visible GPU → webgpu on a hardware adapter → tfjs-node → wasm → cpu),
 * from what is installed and the adapter Dawn offers. It loads no tfjs: the services process
 * stays free of it; the run itself records what it really got.
 */
export async function probeBackend(): Promise<BackendSummary | null> {
  // The engine's GPU check lives beside code that imports tfjs-core; load it only when it matters.
  const gpu =
    nativeReady('@tensorflow/tfjs-node-gpu') &&
    (await import('../engine/backend/tfjsNode')).gpuVisible()
  if (gpu) {
    const version = installedVersion('@tensorflow/tfjs-node-gpu') ?? 'unknown'
    return { name: 'tensorflow-gpu', version, nativeKernels: null, device: null }
  }
  // Dawn is asked here as the trainer will ask it; a software adapter is not what 'auto' takes.
  const webgpu = installedVersion('@tensorflow/tfjs-backend-webgpu')
  if (webgpu !== null) {
    const found = await requestGpuAdapter()
    if (found.ok && !found.info.software)
      return { name: 'webgpu', version: webgpu, nativeKernels: null, device: gpuLabel(found.info) }
  }
  const chain: [name: string, pkg: string, usable: (pkg: string) => boolean][] = [
    ['tensorflow', '@tensorflow/tfjs-node', nativeReady],
    ['wasm', '@tensorflow/tfjs-backend-wasm', (p) => installedVersion(p) !== null],
    ['cpu', '@tensorflow/tfjs-backend-cpu', (p) => installedVersion(p) !== null],
  ]
  for (const [name, pkg, usable] of chain) {
    const version = installedVersion(pkg)
    if (version !== null && usable(pkg))
      return { name, version, nativeKernels: nativeFor(name), device: null }
  }
  return null
}

/**
 * The native kernels a trainer on `backend` will have: the addon is loaded here as the trainer
 * loads it (same file, same environment), so a build that does not load is not promised.
 */
function nativeFor(backend: string): string | null {
  if (backend !== 'wasm' && backend !== 'cpu') return null
  const load = loadAddon()
  return load.ok ? nativeInfoLabel(load.info) : null
}
