import {
  type GradConfig,
  type KernelConfig,
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
const replaced = new Map<string, (KernelConfig | undefined)[]>()
let stockBatchNormGradient: GradConfig | undefined
let batchNormGradientInstalled = false

/**
 * Adds what a backend needs to train convolutional nets fast, built only from kernels it
 * already has: a Conv2DBackpropFilter (wasm has none), a Conv2DBackpropInput through the fast
 * forward conv (wasm's is a naive loop), and a batch-norm gradient that broadcasts instead of
 * tiling (gradients are global to tfjs, so that one serves every backend). Idempotent.
 */
export function registerTrainingKernels(backendName: string): void {
  if (!replaced.has(backendName)) {
    const configs = [
      conv2dBackpropFilterConfig(backendName),
      conv2dBackpropInputConfig(backendName),
    ]
    replaced.set(
      backendName,
      configs.map((c) => swapKernel(c)),
    )
  }
  if (!batchNormGradientInstalled) {
    stockBatchNormGradient = getGradient(batchNormGradConfig.kernelName)
    quietlyRegisterGradient(batchNormGradConfig)
    batchNormGradientInstalled = true
  }
}

/** Puts back the backend's own kernels and tfjs's batch-norm gradient (benchmarks compare). */
export function unregisterTrainingKernels(backendName: string): void {
  const previous = replaced.get(backendName)
  if (previous !== undefined) {
    for (const [i, name] of ['Conv2DBackpropFilter', 'Conv2DBackpropInput'].entries()) {
      unregisterKernel(name, backendName)
      const old = previous[i]
      if (old !== undefined) registerKernel(old)
    }
    replaced.delete(backendName)
  }
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
