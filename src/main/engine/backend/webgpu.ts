import { createRequire } from 'node:module'
import {
  backend,
  findBackendFactory,
  getBackend,
  removeBackend,
  setBackend,
} from '@tensorflow/tfjs-core'
import { gpuLabel, requestGpuAdapter } from './gpuAdapter'
import type { BackendInfo } from './types'

const require = createRequire(import.meta.url)

/**
 * Loads tfjs-backend-webgpu on Dawn and makes it current: the user's GPU through Metal, D3D12 or
 * Vulkan, no CUDA needed. A software adapter (SwiftShader, llvmpipe) is taken only when
 * `allowSoftware` (the user pinned webgpu): under 'auto' the CPU backends are faster than a
 * CPU pretending to be a GPU. Throws, saying why, when no usable adapter exists.
 */
export async function loadWebgpu(allowSoftware: boolean): Promise<BackendInfo> {
  const found = await requestGpuAdapter()
  if (!found.ok) throw new Error(found.reason)
  const label = gpuLabel(found.info)
  if (found.info.software && !allowSoftware) {
    throw new Error(`only a software adapter (${label}); pin webgpu to train on it anyway`)
  }
  const version = registerWebgpu()
  if (!(await setBackend('webgpu')) || getBackend() !== 'webgpu') {
    removeBackend('webgpu')
    throw new Error(`tfjs-backend-webgpu ${version} failed to initialise on ${label}`)
  }
  const detail =
    `tfjs-backend-webgpu ${version} on Dawn (webgpu ${found.version}): ${label}` +
    (found.info.software ? ' — a CPU behind the GPU API, for checking, not for speed' : '')
  return { name: 'webgpu', version, detail, nativeKernels: null, device: label }
}

/**
 * Loads the backend package, which registers 'webgpu' only where `window` (or a worker scope)
 * and `navigator.gpu` exist: `window` is lent for the registration and taken back, so nothing
 * else in the process mistakes it for a browser. Returns the package's version.
 */
function registerWebgpu(): string {
  const pkg: string = '@tensorflow/tfjs-backend-webgpu'
  if (findBackendFactory('webgpu') == null) {
    const g = globalThis as { window?: unknown }
    const lent = g.window === undefined
    if (lent) g.window = globalThis
    try {
      require(pkg)
    } finally {
      if (lent) delete g.window
    }
    if (findBackendFactory('webgpu') == null) {
      throw new Error(`${pkg} loaded but registered no 'webgpu' backend with this tfjs-core`)
    }
  }
  return (require(`${pkg}/package.json`) as { version: string }).version
}

interface DeviceLimits {
  maxBufferSize?: number
  maxStorageBufferBindingSize?: number
}

/**
 * The most bytes one tensor may take on the current backend's GPU, or null off webgpu: every
 * tensor is one buffer bound as storage, so the smaller of the device's two limits (the
 * backend asks for the adapter's own).
 */
export function webgpuBufferLimit(): number | null {
  if (getBackend() !== 'webgpu') return null
  const limits = (backend() as unknown as { device?: { limits?: DeviceLimits } }).device?.limits
  const limit = Math.min(
    limits?.maxBufferSize ?? Infinity,
    limits?.maxStorageBufferBindingSize ?? Infinity,
  )
  return Number.isFinite(limit) ? limit : null
}
