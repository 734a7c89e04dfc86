import { backend, getBackend, setBackend } from '@tensorflow/tfjs-core'
import { registerTrainingKernels } from './kernels'
import type { BackendInfo } from './types'

/** Loads the plain JavaScript backend: always there, slow (no SIMD, no threads). */
export async function loadCpu(): Promise<BackendInfo> {
  const cpu = await import('@tensorflow/tfjs-backend-cpu')
  registerTrainingKernels('cpu')
  if (!(await setBackend('cpu')) || getBackend() !== 'cpu') {
    throw new Error('the cpu backend failed to initialise')
  }
  // Its first write prints a banner telling Node users to install tfjs-node; the detail line
  // (and the UI) already say which backend this is and why.
  Object.assign(backend(), { firstUse: false })
  return {
    name: 'cpu',
    version: cpu.version_cpu,
    detail: `tfjs-backend-cpu ${cpu.version_cpu}: plain JavaScript, slow (no SIMD, no threads)`,
    nativeKernels: null,
    device: null,
  }
}
