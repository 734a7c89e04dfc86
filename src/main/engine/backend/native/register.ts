import {
  Conv2D,
  FusedConv2D,
  type KernelConfig,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core'
import { type NativeLoad, loadAddon } from './addon'
import { type NativeBackend, filterConfig, forwardConfig, inputConfig } from './kernels'

/** The kernels the addon provides, by tfjs name. */
export const NATIVE_KERNELS = [
  Conv2D,
  FusedConv2D,
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
] as const

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
 * Puts the native convolution kernels in front of whatever `backendName` has now (the stock
 * kernels or the wasm training kernels, which stay behind them for the convolutions the addon
 * does not do: dilation, NCHW, prelu …). Register after registerTrainingKernels. Returns the
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
    const { addon } = load
    const make = [
      (p: KernelConfig | undefined) => forwardConfig(Conv2D, backendName, addon, p),
      (p: KernelConfig | undefined) => forwardConfig(FusedConv2D, backendName, addon, p),
      (p: KernelConfig | undefined) => filterConfig(backendName, addon, p),
      (p: KernelConfig | undefined) => inputConfig(backendName, addon, p),
    ]
    const swaps = NATIVE_KERNELS.map((name, i): Swap => {
      const previous = getKernel(name, backendName)
      const mine = make[i]!(previous)
      if (previous !== undefined) unregisterKernel(name, backendName)
      registerKernel(mine)
      return { mine, previous }
    })
    installed.set(backendName, swaps)
  }
  const { isa, threads } = load.info
  return `native kernels (${isa}, ${threads} thread${threads === 1 ? '' : 's'}: ${NATIVE_KERNELS.join(', ')})`
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
