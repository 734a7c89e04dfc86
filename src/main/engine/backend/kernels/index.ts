import {
  Add,
  AvgPoolGrad,
  BatchMatMul,
  Cast,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  FusedBatchNorm,
  type GradConfig,
  Identity,
  MaxPoolGrad,
  Mean,
  Multiply,
  RealDiv,
  Sub,
  Sum,
  Tanh,
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
import { castConfig, identityConfig } from './alias'
import { channelAddConfig, channelMultiplyConfig, channelSubConfig } from './channelBroadcast'
import { channelMeanConfig, channelSumConfig } from './channelReduce'
import { batchMatMulConfig } from './batchMatMul'
import { batchNormConfig } from './batchNorm'
import { maxPoolGradConfig } from './maxPoolGrad'
import { avgPoolGradConfig } from './avgPoolGrad'
import { tanhConfig } from './tanh'
import { smallBroadcastConfig } from './smallBroadcast'
import { batchNormGradConfig } from './batchNormGrad'
import { meanGradConfig, sumGradConfig } from './reduceGrads'
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter'
import { conv2dBackpropInputConfig } from './conv2dBackpropInput'

/** Which of the additions to make; the filter gradient is always added (wasm cannot train without). */
export interface TrainingKernelOptions {
  /** Conv2DBackpropInput through the forward conv (default true). */
  inputGradient?: boolean
  /** The broadcasting FusedBatchNorm, Mean and Sum gradients (default true). */
  gradients?: boolean
  /** wasm only: Identity/Cast as aliases, transposed matmuls through XNNPACK (default true). */
  wasmFixes?: boolean
  /** Kernel names to leave as the backend has them (benchmarks measure one addition at a time). */
  except?: readonly string[]
}

/** A kernel addition: built from the backend's own kernel of the same name, when it needs it. */
interface Addition {
  label: string
  kernelName: string
  wanted(backendName: string, options: TrainingKernelOptions): boolean
  config(backendName: string, stock: KernelConfig | undefined): KernelConfig
}

function wrapping(
  make: (backendName: string, stock: KernelConfig) => KernelConfig,
  name: string,
): Addition['config'] {
  return (backendName, stock) => {
    if (stock === undefined) throw new Error(`${backendName} has no ${name} kernel to wrap`)
    return make(backendName, stock)
  }
}

const wasmOnly = (b: string, o: TrainingKernelOptions) => b === 'wasm' && (o.wasmFixes ?? true)

const additions: Addition[] = [
  {
    label: 'Conv2DBackpropFilter via conv',
    kernelName: Conv2DBackpropFilter,
    wanted: () => true,
    config: conv2dBackpropFilterConfig,
  },
  {
    label: 'Conv2DBackpropInput via conv',
    kernelName: Conv2DBackpropInput,
    wanted: (_, o) => o.inputGradient ?? true,
    config: conv2dBackpropInputConfig,
  },
  {
    label: 'transposed BatchMatMul via XNNPACK',
    kernelName: BatchMatMul,
    wanted: wasmOnly,
    config: wrapping(batchMatMulConfig, BatchMatMul),
  },
  {
    label: 'aliasing Identity',
    kernelName: Identity,
    wanted: wasmOnly,
    config: wrapping(identityConfig, Identity),
  },
  {
    label: 'aliasing Cast',
    kernelName: Cast,
    wanted: wasmOnly,
    config: wrapping(castConfig, Cast),
  },
  {
    label: 'FusedBatchNorm as a depthwise conv',
    kernelName: FusedBatchNorm,
    wanted: wasmOnly,
    config: wrapping(batchNormConfig, FusedBatchNorm),
  },
  {
    label: '1×1 MaxPoolGrad as a spread',
    kernelName: MaxPoolGrad,
    wanted: wasmOnly,
    config: wrapping(maxPoolGradConfig, MaxPoolGrad),
  },
  {
    label: 'tiling AvgPoolGrad as a spread',
    kernelName: AvgPoolGrad,
    wanted: wasmOnly,
    config: wrapping(avgPoolGradConfig, AvgPoolGrad),
  },
  {
    label: 'Tanh via XNNPACK sigmoid',
    kernelName: Tanh,
    wanted: wasmOnly,
    config: wrapping(tanhConfig, Tanh),
  },
  {
    label: 'per-channel Sum via pooling',
    kernelName: Sum,
    wanted: wasmOnly,
    config: wrapping(channelSumConfig, Sum),
  },
  {
    label: 'per-channel Mean via pooling',
    kernelName: Mean,
    wanted: wasmOnly,
    config: wrapping(channelMeanConfig, Mean),
  },
  ...([Multiply, Add, Sub] as const).map((name): Addition => ({
    label: `${name} by channel via depthwise conv, small broadcasts in JavaScript`,
    kernelName: name,
    wanted: wasmOnly,
    config: wrapping((b, stock) => {
      const small = smallBroadcastConfig(name, b, stock)
      return name === Multiply
        ? channelMultiplyConfig(b, small)
        : name === Add
          ? channelAddConfig(b, small)
          : channelSubConfig(b, small)
    }, name),
  })),
  {
    label: 'small broadcasting RealDiv in JavaScript',
    kernelName: RealDiv,
    wanted: wasmOnly,
    config: wrapping((b, stock) => smallBroadcastConfig(RealDiv, b, stock), RealDiv),
  },
]

/** What a backend had before we replaced it, so benchmarks can measure with and without. */
const replaced = new Map<
  string,
  { label: string; name: string; previous: KernelConfig | undefined }[]
>()
/** Gradients are global to tfjs: ours replace the stock ones for every backend at once. */
const gradients: GradConfig[] = [batchNormGradConfig, meanGradConfig, sumGradConfig]
let stockGradients: (GradConfig | undefined)[] = []
let gradientsInstalled = false

/**
 * Adds what a backend needs to train convolutional nets fast, built only from kernels it
 * already has: a Conv2DBackpropFilter (wasm has none), a Conv2DBackpropInput through the fast
 * forward conv (wasm's is a naive loop), a batch-norm gradient that broadcasts instead of
 * tiling (gradients are global to tfjs, so that one serves every backend), and on wasm
 * copy-free Identity/Cast and XNNPACK for transposed matmuls. Returns the additions' labels.
 * Idempotent; the options exist so benchmarks can measure each addition.
 */
export function registerTrainingKernels(
  backendName: string,
  options: TrainingKernelOptions = {},
): string[] {
  if (!replaced.has(backendName)) {
    const swaps = additions
      .filter((a) => a.wanted(backendName, options) && !options.except?.includes(a.kernelName))
      .map((a) => {
        const config = a.config(backendName, getKernel(a.kernelName, backendName))
        return { label: a.label, name: config.kernelName, previous: swapKernel(config) }
      })
    replaced.set(backendName, swaps)
  }
  if ((options.gradients ?? true) && !gradientsInstalled) {
    stockGradients = gradients.map((g) => getGradient(g.kernelName))
    gradients.forEach(quietlyRegisterGradient)
    gradientsInstalled = true
  }
  const labels = (replaced.get(backendName) ?? []).map((r) => r.label)
  return gradientsInstalled
    ? [...labels, 'broadcasting FusedBatchNorm, Mean and Sum gradients']
    : labels
}

/** Puts back the backend's own kernels and tfjs's batch-norm gradient (benchmarks compare). */
export function unregisterTrainingKernels(backendName: string): void {
  for (const { name, previous } of [...(replaced.get(backendName) ?? [])].reverse()) {
    unregisterKernel(name, backendName)
    if (previous === undefined) continue
    registerKernel(previous)
    // A backend runs its kernels' setup (wasm binds its C functions there) when it starts; a
    // kernel registered after that must be set up by hand.
    const running = engine().registry[backendName]
    if (running !== undefined) previous.setupFunc?.(running)
  }
  replaced.delete(backendName)
  if (replaced.size === 0 && gradientsInstalled) {
    for (const stock of stockGradients) if (stock !== undefined) quietlyRegisterGradient(stock)
    gradientsInstalled = false
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
