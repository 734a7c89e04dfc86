/**
 * The native kernels against what wasm runs without them, measured in one run:
 * - per kernel (forward conv, filter gradient, input gradient) on each of ResNet-20's layer
 *   shapes at batch 128, median ms native vs wasm (the training kernels through XNNPACK);
 * - per elementwise kernel (batch norm's and relu's ops) on ResNet-20's first- and last-stage
 *   activations, and one profiled step's kernel time split into convs, elementwise and the rest;
 * - whole training steps: LeNet-5 (batch 64) and CIFAR ResNet-20 (batch 128) images/s with the
 *   native kernels on and off, alternating rounds so a busy machine disturbs both alike.
 * Skips itself with the loader's reason when the addon is not built.
 */
import * as tf from '@tensorflow/tfjs-core'
import { initBackend } from '../src/main/engine/backend'
import {
  NATIVE_ELEMENTWISE_KERNELS,
  NATIVE_KERNELS,
  nativeAddon,
  registerNativeKernels,
  unregisterNativeKernels,
} from '../src/main/engine/backend/addon/index'
import { measure, median } from './measure'
import { trainingStep } from './trainingStep'
import type { Bench, BenchResult } from './types'

interface Layer {
  label: string
  /** Input [N, H, W, Cin], filter [k, k, Cin, Cout], stride. */
  x: [number, number, number, number]
  cout: number
  stride: number
}

const N = 128
/** ResNet-20's distinct conv shapes (option-A shortcuts have no conv). */
const layers: Layer[] = [
  { label: 'conv1 32×32×3→16', x: [N, 32, 32, 3], cout: 16, stride: 1 },
  { label: 'stage1 32×32×16→16', x: [N, 32, 32, 16], cout: 16, stride: 1 },
  { label: 'stage2 in 32×32×16→32 /2', x: [N, 32, 32, 16], cout: 32, stride: 2 },
  { label: 'stage2 16×16×32→32', x: [N, 16, 16, 32], cout: 32, stride: 1 },
  { label: 'stage3 in 16×16×32→64 /2', x: [N, 16, 16, 32], cout: 64, stride: 2 },
  { label: 'stage3 8×8×64→64', x: [N, 8, 8, 64], cout: 64, stride: 1 },
]

type KernelKind = 'forward' | 'filter gradient' | 'input gradient'
const kinds: KernelKind[] = ['forward', 'filter gradient', 'input gradient']

/** One kernel call on the current backend's registered kernels (wasm runs synchronously). */
function kernelCall(layer: Layer, kind: KernelKind): { run: () => void; dispose: () => void } {
  const [n, h, w, cin] = layer.x
  const x = tf.randomUniform(layer.x, -1, 1) as tf.Tensor4D
  const filter = tf.randomUniform([3, 3, cin, layer.cout], -1, 1) as tf.Tensor4D
  const oh = Math.ceil(h / layer.stride)
  const ow = Math.ceil(w / layer.stride)
  const dy = tf.randomUniform([n, oh, ow, layer.cout], -1, 1) as tf.Tensor4D
  const attrs = {
    strides: layer.stride,
    pad: 'same',
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
  }
  const call = (): tf.Tensor => {
    switch (kind) {
      case 'forward':
        return tf.conv2d(x, filter, layer.stride, 'same')
      case 'filter gradient':
        return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
          ...attrs,
          filterShape: filter.shape,
        } as never) as tf.Tensor
      case 'input gradient':
        return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
          ...attrs,
          inputShape: x.shape,
        } as never) as tf.Tensor
    }
  }
  return { run: () => call().dispose(), dispose: () => tf.dispose([x, filter, dy]) }
}

async function kernelResults(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  for (const layer of layers) {
    const [n, , , cin] = layer.x
    const macs = n * Math.ceil(layer.x[1] / layer.stride) ** 2 * 9 * cin * layer.cout
    for (const kind of kinds) {
      const call = kernelCall(layer, kind)
      registerNativeKernels('wasm')
      const native = await measure(call.run, { samples: 7, warmup: 1 })
      unregisterNativeKernels('wasm')
      const wasm = await measure(call.run, { samples: 5, warmup: 1 })
      registerNativeKernels('wasm')
      call.dispose()
      const gmacs = (ms: number) => (macs / ms / 1e6).toFixed(1)
      out.push({
        name: `${kind}, ${layer.label}, batch ${n}: native`,
        value: native.median,
        unit: 'ms',
        samples: native.times.length,
        detail:
          `${gmacs(native.median)} GMAC/s; wasm ${wasm.median.toFixed(1)} ms ` +
          `(${gmacs(wasm.median)} GMAC/s): ×${(wasm.median / native.median).toFixed(2)}`,
      })
    }
  }
  return out
}

/** The elementwise ops of a ResNet-20 step on one activation shape, by what they compute. */
function elementwiseCalls(shape: [number, number, number, number]): {
  calls: [string, () => tf.Tensor][]
  dispose: () => void
} {
  const c = shape[3]
  const x = tf.randomUniform(shape, -1, 1)
  const y = tf.randomUniform(shape, -1, 1)
  const v = tf.randomUniform([c], 0.5, 1)
  const calls: [string, () => tf.Tensor][] = [
    ['Add, same shape', () => tf.add(x, y)],
    ['Add, [1,1,1,C]', () => tf.add(x, tf.reshape(v, [1, 1, 1, c]))],
    ['Sub, [C] − x', () => tf.sub(v, x)],
    ['Multiply, same shape', () => tf.mul(x, y)],
    ['Multiply, [C]', () => tf.mul(x, v)],
    ['Multiply, scalar', () => tf.mul(x, 0.5)],
    ['Square', () => tf.square(x)],
    ['Relu', () => tf.relu(x)],
    ['Step', () => tf.step(x)],
    ['Sum over N,H,W', () => tf.sum(x, [0, 1, 2])],
    ['Mean over N,H,W, keepDims', () => tf.mean(x, [0, 1, 2], true)],
    ['FusedBatchNorm', () => tf.batchNorm(x, v, v, v, v, 1e-3)],
    ['ZerosLike', () => tf.zerosLike(x)],
  ]
  return { calls, dispose: () => tf.dispose([x, y, v]) }
}

/** LeNet-5's tanh, subsampling and dense ops on its first activation and its F6 layer. */
function lenetCalls(): { calls: [string, () => tf.Tensor][]; dispose: () => void } {
  const x = tf.randomUniform([64, 28, 28, 6], -3, 3) as tf.Tensor4D
  const dy = tf.randomUniform([64, 14, 14, 6], -1, 1) as tf.Tensor4D
  const a = tf.randomUniform([64, 120], -1, 1) as tf.Tensor2D
  const w = tf.randomUniform([120, 84], -1, 1) as tf.Tensor2D
  const bias = tf.randomUniform([84], -1, 1) as tf.Tensor1D
  const g = tf.randomUniform([64, 84], -1, 1) as tf.Tensor2D
  const pool = (v: tf.Tensor) => tf.avgPool(v as tf.Tensor4D, 2, 2, 'valid')
  const calls: [string, () => tf.Tensor][] = [
    ['Tanh', () => tf.tanh(x)],
    ['Tanh and its gradient', () => tf.grad((v: tf.Tensor) => tf.tanh(v))(x)],
    ['AvgPool 2×2/2', () => pool(x)],
    ['AvgPool 2×2/2 and its gradient', () => tf.grad((v: tf.Tensor) => tf.mul(pool(v), dy))(x)],
    ['dense 120→84 (bias)', () => tf.fused.matMul({ a, b: w, bias })],
    ['dense 120→84: dx = dy·wᵀ', () => tf.matMul(g, w, false, true)],
    ['dense 120→84: dw = xᵀ·dy', () => tf.matMul(a, g, true, false)],
  ]
  return { calls, dispose: () => tf.dispose([x, dy, a, w, bias, g]) }
}

async function elementwiseResults(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  for (const shape of [
    [N, 32, 32, 16],
    [N, 8, 8, 64],
    [64, 28, 28, 6],
  ] as [number, number, number, number][]) {
    const { calls, dispose } = shape[0] === 64 ? lenetCalls() : elementwiseCalls(shape)
    for (const [label, call] of calls) {
      const run = () => tf.tidy(call).dispose()
      registerNativeKernels('wasm')
      const native = await measure(run, { samples: 9, warmup: 2 })
      unregisterNativeKernels('wasm')
      const wasm = await measure(run, { samples: 9, warmup: 2 })
      registerNativeKernels('wasm')
      out.push({
        name:
          shape[0] === 64
            ? `LeNet-5, batch 64: ${label}: native`
            : `${label}, ${shape.join('×')}: native`,
        value: native.median,
        unit: 'ms',
        samples: native.times.length,
        detail: `wasm ${wasm.median.toFixed(2)} ms: ×${(wasm.median / native.median).toFixed(2)}`,
      })
    }
    dispose()
  }
  return out
}

interface Workload {
  template: string
  label: string
  batch: number
  shape: [number, number, number]
  rounds: number
  stepsPerRound: number
  target: number
}

const workloads: Workload[] = [
  {
    template: 'lenet5',
    label: 'LeNet-5',
    batch: 64,
    shape: [28, 28, 1],
    rounds: 3,
    stepsPerRound: 10,
    target: 8000,
  },
  {
    template: 'cifar-resnet20',
    label: 'ResNet-20',
    batch: 128,
    shape: [32, 32, 3],
    rounds: 3,
    stepsPerRound: 2,
    target: 400,
  },
]

const convNames = new Set<string>([...NATIVE_KERNELS, 'Conv2D', 'FusedConv2D'])
const elementwiseNames = new Set<string>(NATIVE_ELEMENTWISE_KERNELS)

/** One profiled step's kernel ms: convolutions, the elementwise kernels, everything else. */
async function stepSplit(step: () => Promise<number>): Promise<[number, number, number]> {
  const profile = await tf.profile(async () => void (await step()))
  const split: [number, number, number] = [0, 0, 0]
  for (const k of profile.kernels) {
    // Ops that wrap kernels (fusedConv2d__op …, customGrad's 'unnamed scope' around batch norm's
    // forward) appear too: only kernels count.
    if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0
    split[convNames.has(k.name) ? 0 : elementwiseNames.has(k.name) ? 1 : 2] += ms
  }
  return split
}

async function splitResults(w: Workload): Promise<BenchResult[]> {
  const { step, dispose } = trainingStep(w)
  const splits = { on: [] as [number, number, number][], off: [] as [number, number, number][] }
  await step()
  for (let r = 0; r < 2; r++) {
    for (const mode of ['on', 'off'] as const) {
      if (mode === 'on') registerNativeKernels('wasm')
      else unregisterNativeKernels('wasm')
      await step()
      splits[mode].push(await stepSplit(step))
    }
  }
  registerNativeKernels('wasm')
  dispose()
  const parts = ['convolutions', 'elementwise kernels', 'other kernels']
  return parts.map((part, i) => {
    const on = median(splits.on.map((s) => s[i]!))
    const off = median(splits.off.map((s) => s[i]!))
    return {
      name: `${w.label} step, batch ${w.batch}: ${part}, native on`,
      value: on,
      unit: 'ms',
      samples: splits.on.length,
      detail: `off ${off.toFixed(1)} ms: ×${(off / on).toFixed(2)} (tf.profile kernel time, same run)`,
    }
  })
}

async function engineResults(w: Workload): Promise<BenchResult[]> {
  const { step, dispose } = trainingStep(w)
  const times = { on: [] as number[], off: [] as number[] }
  // CPU time of all threads: steadier than wall time when others share the machine.
  const cpuMs = { on: 0, off: 0 }
  await step()
  for (let r = 0; r < w.rounds; r++) {
    for (const mode of ['on', 'off'] as const) {
      if (mode === 'on') registerNativeKernels('wasm')
      else unregisterNativeKernels('wasm')
      await step() // the first step after a swap warms the other kernels' buffers
      const cpu = process.cpuUsage()
      for (let i = 0; i < w.stepsPerRound; i++) times[mode].push(await step())
      const used = process.cpuUsage(cpu)
      cpuMs[mode] += (used.user + used.system) / 1000
    }
  }
  registerNativeKernels('wasm')
  dispose()
  const rate = (ts: number[]) => (w.batch * 1000) / median(ts)
  const on = rate(times.on)
  const off = rate(times.off)
  const perCpu = (mode: 'on' | 'off') => (w.batch * times[mode].length * 1000) / cpuMs[mode]
  return [
    {
      name: `train ${w.label}, batch ${w.batch}, native kernels on`,
      value: on,
      unit: 'images/s',
      samples: times.on.length,
      target: { op: '>=', value: w.target },
      detail:
        `×${(on / off).toFixed(2)} over off (${off.toFixed(1)} images/s, median of ` +
        `${times.off.length} steps, same run); per CPU-second ${perCpu('on').toFixed(1)} on, ` +
        `${perCpu('off').toFixed(1)} off: ×${(perCpu('on') / perCpu('off')).toFixed(2)}`,
    },
    {
      name: `train ${w.label}, batch ${w.batch}, native kernels off`,
      value: off,
      unit: 'images/s',
      samples: times.off.length,
      // One process: wasm keeps the thread count it started with (one, with the addon loaded),
      // so off is the native kernels taken out, not a process that never had them.
      detail: `${perCpu('off').toFixed(1)} images per CPU-second; wasm on the threads it started with`,
    },
  ]
}

const bench: Bench = {
  name: 'native',
  async run() {
    const info = await initBackend('wasm')
    const load = nativeAddon()
    if (!load.ok) {
      return [{ name: 'native kernels', value: 0, unit: 'loaded', samples: 0, detail: load.reason }]
    }
    const results = await kernelResults()
    results.push(...(await elementwiseResults()))
    for (const w of workloads) results.push(...(await engineResults(w)))
    results.push(...(await splitResults(workloads[1]!)))
    results.push({
      name: 'native kernels: threads',
      value: load.info.threads,
      unit: 'threads',
      samples: 1,
      detail: `${load.info.isa}; ${info.detail}`,
    })
    return results
  },
}

export default bench
