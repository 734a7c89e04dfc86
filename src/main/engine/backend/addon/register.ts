import {
  Add,
  BatchMatMul,
  _FusedMatMul,
  AvgPool,
  AvgPoolGrad,
  Conv2D,
  FusedBatchNorm,
  FusedConv2D,
  type KernelConfig,
  Mean,
  Multiply,
  RealDiv,
  Relu,
  Square,
  Step,
  Sub,
  Sum,
  Tanh,
  ZerosLike,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core'
import { type NativeAddon, type NativeLoad, loadAddon, nativeInfoLabel } from './addon'
import {
  BATCH_NORM_GRAD,
  BATCH_NORM_STATS,
  batchNormGradConfig,
  batchNormStatsConfig,
} from './batchNorm'
import {
  batchNormConfig,
  binaryConfig,
  channelReduceConfig,
  unaryConfig,
  zerosLikeConfig,
} from './elementwise'
import { type NativeBackend, filterConfig, forwardConfig, inputConfig } from './kernels'
import { batchMatMulConfig, fusedMatMulConfig } from './matmul'
import { avgPoolConfig, avgPoolGradConfig } from './pool'
import { TANH_GRAD, registerTanhGradient, tanhGradConfig } from './tanh'

/** The convolutions the addon provides on both backends, by tfjs name. */
export const NATIVE_KERNELS = [
  Conv2D,
  FusedConv2D,
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
] as const

/**
 * The elementwise kernels, on wasm only: there they replace XNNPACK's single-pass loops and the
 * depthwise-conv broadcasts; the cpu backend keeps its own (and stays the tests' reference).
 */
export const NATIVE_ELEMENTWISE_KERNELS = [
  Add,
  Sub,
  Multiply,
  RealDiv,
  Square,
  Relu,
  Step,
  Sum,
  Mean,
  FusedBatchNorm,
  ZerosLike,
  Tanh,
  TANH_GRAD,
  AvgPool,
  AvgPoolGrad,
  BatchMatMul,
  _FusedMatMul,
  BATCH_NORM_STATS,
  BATCH_NORM_GRAD,
] as const

type Make = (previous: KernelConfig | undefined) => KernelConfig

function makers(backendName: NativeBackend, addon: NativeAddon): [string, Make][] {
  const b = backendName
  const convs: [string, Make][] = [
    [Conv2D, (p) => forwardConfig(Conv2D, b, addon, p)],
    [FusedConv2D, (p) => forwardConfig(FusedConv2D, b, addon, p)],
    ['Conv2DBackpropFilter', (p) => filterConfig(b, addon, p)],
    ['Conv2DBackpropInput', (p) => inputConfig(b, addon, p)],
  ]
  if (backendName !== 'wasm') return convs
  return [
    ...convs,
    [Add, (p) => binaryConfig('add', b, addon, p)],
    [Sub, (p) => binaryConfig('sub', b, addon, p)],
    [Multiply, (p) => binaryConfig('mul', b, addon, p)],
    [RealDiv, (p) => binaryConfig('div', b, addon, p)],
    [Square, (p) => unaryConfig('square', b, addon, p)],
    [Relu, (p) => unaryConfig('relu', b, addon, p)],
    [Step, (p) => unaryConfig('step', b, addon, p)],
    [Sum, (p) => channelReduceConfig(Sum, b, addon, p)],
    [Mean, (p) => channelReduceConfig(Mean, b, addon, p)],
    [FusedBatchNorm, (p) => batchNormConfig(b, addon, p)],
    [ZerosLike, (p) => zerosLikeConfig(b, addon, p)],
    [Tanh, (p) => unaryConfig('tanh', b, addon, p)],
    [TANH_GRAD, () => tanhGradConfig(b, addon)],
    [AvgPool, (p) => avgPoolConfig(b, addon, p)],
    [AvgPoolGrad, (p) => avgPoolGradConfig(b, addon, p)],
    [BatchMatMul, (p) => batchMatMulConfig(b, addon, p)],
    [_FusedMatMul, (p) => fusedMatMulConfig(b, addon, p)],
    [BATCH_NORM_STATS, () => batchNormStatsConfig(b, addon)],
    [BATCH_NORM_GRAD, () => batchNormGradConfig(b, addon)],
  ]
}

interface Swap {
  mine: KernelConfig
  previous: KernelConfig | undefined
}

const installed = new Map<string, Swap[]>()
let loaded: NativeLoad | undefined

/** The addon, loaded once per process (the env is read then). */
export function nativeAddon(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  loaded ??= loadAddon(env)
  return loaded
}

/**
 * Puts the native kernels (convolutions; on wasm also the elementwise ones) in front of whatever
 * `backendName` has now (the stock kernels or the wasm training kernels, which stay behind them
 * for what the addon does not do: dilation, NCHW, prelu, other broadcasts and dtypes, small
 * tensors …). Register after registerTrainingKernels. Returns the
 * detail line's words: which instruction set and threads, or why there are none. Idempotent,
 * and puts them back in front after the kernels behind them were replaced.
 */
export function registerNativeKernels(
  backendName: NativeBackend,
  load: NativeLoad = nativeAddon(),
): string {
  if (!load.ok) return `no native kernels: ${load.reason}`
  // Someone swapped kernels under ours since (unregisterTrainingKernels, then register again):
  // take ours out where they are still in, and go in front of what is there now.
  if (installed.has(backendName) && !nativeKernelsActive(backendName)) {
    unregisterNativeKernels(backendName)
  }
  if (!installed.has(backendName)) {
    if (backendName === 'wasm') registerTanhGradient()
    const swaps = makers(backendName, load.addon).map(([name, make]): Swap => {
      const previous = getKernel(name, backendName)
      const mine = make(previous)
      if (previous !== undefined) unregisterKernel(name, backendName)
      registerKernel(mine)
      return { mine, previous }
    })
    installed.set(backendName, swaps)
  }
  const names = installed.get(backendName)!.map((s) => s.mine.kernelName)
  return `native kernels (${nativeInfoLabel(load.info)}: ${names.join(', ')})`
}

/**
 * Takes the native kernels out again, putting back what was there before each of them. A kernel
 * someone else has replaced since (unregisterTrainingKernels restores the stock ones) is left as
 * it is, so the two can be undone in either order.
 */
export function unregisterNativeKernels(backendName: NativeBackend): void {
  for (const { mine, previous } of [...(installed.get(backendName) ?? [])].reverse()) {
    if (getKernel(mine.kernelName, backendName) !== mine) continue
    unregisterKernel(mine.kernelName, backendName)
    if (previous !== undefined) registerKernel(previous)
  }
  installed.delete(backendName)
}

/** Whether the native kernels are what `backendName` runs now for every conv they cover. */
export function nativeKernelsActive(backendName: NativeBackend): boolean {
  const swaps = installed.get(backendName)
  return (
    swaps !== undefined && swaps.every((s) => getKernel(s.mine.kernelName, backendName) === s.mine)
  )
}
