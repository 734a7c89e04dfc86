import {
  type GradConfig,
  type KernelConfig,
  engine,
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core'
// tfjs-core's Node bundle registers no gradients; tfjs-layers' bundle registers all of them. It
// must load before ours so that our batch-norm gradient replaces the stock one, not vice versa.
import '@tensorflow/tfjs-layers'
import { batchNormGradConfig } from './batchNormGrad'
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter'
import { conv2dBackpropInputConfig } from './conv2dBackpropInput'

/** The kernel and gradient names registerTrainingKernels installs, for a backend's detail. */
export const trainingKernelNames = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'FusedBatchNorm gradient',
] as const

/** What a backend had before we replaced it, so benchmarks can measure with and without. */
const replaced = new Map<string, { name: string; previous: KernelConfig | undefined }[]>()
let stockBatchNormGradient: GradConfig | undefined
let batchNormGradientInstalled = false

/** Which of the additions to make; the filter gradient is always added (wasm cannot train without). */
export interface TrainingKernelOptions {
  /** Conv2DBackpropInput through the forward conv (default true). */
  inputGradient?: boolean
  /** The broadcasting batch-norm gradient (default true). */
  batchNormGradient?: boolean
}

/**
 * Adds what a backend needs to train convolutional nets fast, built only from kernels it
 * already has: a Conv2DBackpropFilter (wasm has none), a Conv2DBackpropInput through the fast
 * forward conv (wasm's is a naive loop), and a batch-norm gradient that broadcasts instead of
 * tiling (gradients are global to tfjs, so that one serves every backend). Idempotent; the
 * options exist so benchmarks can measure each addition.
 */
export function registerTrainingKernels(
  backendName: string,
  options: TrainingKernelOptions = {},
): void {
  if (!replaced.has(backendName)) {
    const configs = [conv2dBackpropFilterConfig(backendName)]
    if (options.inputGradient ?? true) configs.push(conv2dBackpropInputConfig(backendName))
    replaced.set(
      backendName,
      configs.map((c) => ({ name: c.kernelName, previous: swapKernel(c) })),
    )
  }
  if ((options.batchNormGradient ?? true) && !batchNormGradientInstalled) {
    stockBatchNormGradient = getGradient(batchNormGradConfig.kernelName)
    quietlyRegisterGradient(batchNormGradConfig)
    batchNormGradientInstalled = true
  }
}

/** Puts back the backend's own kernels and tfjs's batch-norm gradient (benchmarks compare). */
export function unregisterTrainingKernels(backendName: string): void {
  for (const { name, previous } of replaced.get(backendName) ?? []) {
    unregisterKernel(name, backendName)
    if (previous === undefined) continue
    registerKernel(previous)
    // A backend runs its kernels' setup (wasm binds its C functions there) when it starts; a
    // kernel registered after that must be set up by hand.
    const running = engine().registry[backendName]
    if (running !== undefined) previous.setupFunc?.(running)
  }
  replaced.delete(backendName)
  if (replaced.size === 0 && batchNormGradientInstalled && stockBatchNormGradient !== undefined) {
    quietlyRegisterGradient(stockBatchNormGradient)
    batchNormGradientInstalled = false
  }
}

function swapKernel(config: KernelConfig): KernelConfig | undefined {
  const old = getKernel(config.kernelName, config.backendName)
  if (old !== undefined) unregisterKernel(config.kernelName, config.backendName)
  registerKernel(config)
  return old
}

function quietlyRegisterGradient(config: GradConfig): void {
  // registerGradient warns when it replaces one; replacing tfjs's is the point here.
  const warn = console.warn
  console.warn = () => {}
  try {
    registerGradient(config)
  } finally {
    console.warn = warn
  }
}
