import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { findBackendFactory, getBackend, setBackend } from '@tensorflow/tfjs-core'
import type { BackendInfo } from './types'

const require = createRequire(import.meta.url)

/** The npm package behind each native backend. */
const packages = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const

/**
 * Whether an NVIDIA GPU is visible to this process. tfjs-node-gpu quietly runs on the CPU
 * when there is none, so the chain asks first and uses plain tfjs-node then.
 */
export function gpuVisible(env: NodeJS.ProcessEnv = process.env): boolean {
  const devices = env.CUDA_VISIBLE_DEVICES
  if (devices !== undefined && (devices.trim() === '' || devices.trim() === '-1')) return false
  if (process.platform === 'linux') {
    try {
      return readdirSync('/proc/driver/nvidia/gpus').length > 0
    } catch {
      return false
    }
  }
  // Windows: the driver installs nvml beside the system libraries.
  if (process.platform === 'win32') {
    return existsSync('C:\\Windows\\System32\\nvml.dll')
  }
  return false
}

/**
 * Loads tfjs-node-gpu or tfjs-node and makes its 'tensorflow' backend current. Throws with the
 * loader's own message when the package is missing or its native library fails to load.
 */
export async function loadNative(name: keyof typeof packages): Promise<BackendInfo> {
  const pkg = packages[name]
  // A variable specifier: the packages are optional, so neither TypeScript nor the bundler
  // may insist on them being there.
  const specifier: string = pkg
  await import(specifier)
  // The package registers 'tensorflow' with the tfjs-core it resolves; if npm gave it a copy
  // of its own, this engine's registry never hears of it.
  if (findBackendFactory('tensorflow') == null) {
    throw new Error(`${pkg} loaded but registered no 'tensorflow' backend with this tfjs-core`)
  }
  if (!(await setBackend('tensorflow')) || getBackend() !== 'tensorflow') {
    throw new Error(`${pkg} loaded but its backend failed to initialise`)
  }
  const version = (require(`${pkg}/package.json`) as { version: string }).version
  const detail =
    name === 'tensorflow-gpu'
      ? `${pkg} ${version}: TensorFlow C library with CUDA`
      : `${pkg} ${version}: TensorFlow C library on the CPU`
  return { name, version, detail, nativeKernels: null, device: null }
}
