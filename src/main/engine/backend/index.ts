import { loadCpu } from './cpu'
import { gpuVisible, loadNative } from './tfjsNode'
import { registerNativeKernels } from './addon/index'
import { nativeKernelsLabel } from './addonLabel'
import {
  type BackendInfo,
  type BackendPin,
  BackendUnavailableError,
  type InitBackendOptions,
} from './types'
import { loadWasm } from './wasm'
import { loadWebgpu } from './webgpu'
import { assertNever } from '../../../shared/assertNever'

export { backendInfoSchema, backendPinSchema, BackendUnavailableError } from './types'
export type { BackendInfo, BackendName, BackendPin, InitBackendOptions } from './types'
export { defaultWasmPath } from './wasm'
export { webgpuBufferLimit } from './webgpu'

type Loader = () => Promise<BackendInfo>

/** One step of the chain: a name for messages and how to load it. */
interface Step {
  label: string
  load: Loader
}

const cuda: Step = { label: 'tfjs-node-gpu', load: () => loadNative('tensorflow-gpu') }
const tfjsNode: Step = { label: 'tfjs-node', load: () => loadNative('tensorflow') }

function stepsFor(pin: BackendPin, options: InitBackendOptions): Step[] {
  const webgpu = (allowSoftware: boolean): Step => ({
    label: 'webgpu',
    load: () => loadWebgpu(allowSoftware),
  })
  const wasm: Step = { label: 'wasm', load: () => loadWasm(options.wasmPath, options.wasmThreads) }
  const cpu: Step = { label: 'cpu', load: async () => withNativeKernels(await loadCpu()) }
  // Asked only by the pins that could use CUDA.
  const gpu = (): Step[] => (gpuVisible() ? [cuda] : [])
  switch (pin) {
    case 'auto':
      return [...gpu(), webgpu(false), tfjsNode, wasm, cpu]
    case 'webgpu':
      return [webgpu(true)]
    case 'tensorflow':
      return [...gpu(), tfjsNode]
    case 'wasm':
      return [wasm]
    case 'cpu':
      return [cpu]
    default:
      return assertNever(pin, 'backend pin')
  }
}

/** The cpu backend with the native convolutions in front of its JavaScript loops. */
function withNativeKernels(info: BackendInfo): BackendInfo {
  const detail = `${info.detail}; ${registerNativeKernels('cpu')}`
  return { ...info, detail, nativeKernels: nativeKernelsLabel('cpu') }
}

/** A loader's failure in one line: "not installed" rather than a resolver's stack. */
function reason(label: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/Cannot find (module|package)/.test(message) && !message.includes('.wasm')) {
    return `${label}: not installed`
  }
  return `${label}: ${message.split('\n')[0] ?? message}`
}

/**
 * Makes the best available tfjs backend current for this process and says which it is.
 * The chain for 'auto': tfjs-node-gpu (when an NVIDIA GPU is visible) → webgpu (when Dawn finds
 * a hardware GPU) → tfjs-node → wasm with the training kernels → cpu. A pin takes only its own
 * part of the chain and throws BackendUnavailableError, with each loader's reason, when that
 * does not load.
 */
export async function initBackend(
  pin: BackendPin = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendInfo> {
  const reasons: string[] = []
  if (pin === 'auto' || pin === 'tensorflow') {
    if (!gpuVisible()) reasons.push('tfjs-node-gpu: no NVIDIA GPU visible')
  }
  for (const step of stepsFor(pin, options)) {
    try {
      const info = await step.load()
      if (reasons.length === 0 || pin !== 'auto') return info
      return { ...info, detail: `${info.detail}; skipped ${reasons.join('; ')}` }
    } catch (error) {
      reasons.push(reason(step.label, error))
    }
  }
  if (pin === 'tensorflow') {
    reasons.push('install @tensorflow/tfjs-node (or -gpu with CUDA) or choose wasm')
  }
  throw new BackendUnavailableError(pin, reasons)
}
