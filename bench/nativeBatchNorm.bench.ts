/**
 * Training batch norm's native kernels (BlockwiseBatchNormStats, BlockwiseBatchNormGrad) against
 * the tfjs composition they replace (moments; the closed-form gradient in tfjs ops, whose
 * elementwise ops are native too), measured in one run on wasm with every other native kernel in:
 * - batch norm forward + backward on ResNet-20's three activation shapes at batch 128;
 * - whole CIFAR ResNet-20 training steps (batch 128), the two kernels in and out in alternating
 *   rounds, so a busy machine disturbs both alike;
 * - one profiled step each way: kernel calls and kernel ms.
 * Skips itself with the loader's reason when the addon is not built.
 */
import * as tf from '@tensorflow/tfjs-core'
import { initBackend } from '../src/main/engine/backend'
import {
  BATCH_NORM_GRAD,
  BATCH_NORM_STATS,
  nativeAddon,
} from '../src/main/engine/backend/addon/index'
import { batchNormTraining } from '../src/main/engine/layers/trainingBatchNorm'
import { measure, median } from './measure'
import { trainingStep } from './trainingStep'
import type { Bench, BenchResult } from './types'

const saved: tf.KernelConfig[] = []

/** Puts the two batch-norm kernels in (on) or takes them out, leaving the rest native. */
function nativeBatchNorm(on: boolean): void {
  if (saved.length === 0) {
    for (const name of [BATCH_NORM_STATS, BATCH_NORM_GRAD]) {
      const k = tf.getKernel(name, 'wasm')
      if (k === undefined) throw new Error(`${name} is not registered on wasm`)
      saved.push(k)
    }
  }
  for (const k of saved) {
    if (tf.getKernel(k.kernelName, 'wasm') !== undefined) tf.unregisterKernel(k.kernelName, 'wasm')
    if (on) tf.registerKernel(k)
  }
}

async function opResults(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  for (const shape of [
    [128, 32, 32, 16],
    [128, 16, 16, 32],
    [128, 8, 8, 64],
  ] as [number, number, number, number][]) {
    const c = shape[3]
    const x = tf.randomNormal(shape, 0.5, 2) as tf.Tensor4D
    const w = tf.randomUniform(shape, -1, 1)
    const gamma = tf.randomUniform([c], 0.5, 1.5) as tf.Tensor1D
    const beta = tf.randomUniform([c], -1, 1) as tf.Tensor1D
    const f = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) =>
      tf.sum(
        tf.mul(
          batchNormTraining(xi as tf.Tensor4D, gi as tf.Tensor1D, bi as tf.Tensor1D, 1e-3, (m, v) =>
            tf.dispose([m, v]),
          ),
          w,
        ),
      )
    const run = () => tf.dispose(tf.grads(f)([x, gamma, beta]))
    const times = { on: [] as number[], off: [] as number[] }
    for (let r = 0; r < 3; r++) {
      for (const mode of ['on', 'off'] as const) {
        nativeBatchNorm(mode === 'on')
        times[mode].push(...(await measure(run, { samples: 5, warmup: 1 })).times)
      }
    }
    nativeBatchNorm(true)
    tf.dispose([x, w, gamma, beta])
    const [on, off] = [median(times.on), median(times.off)]
    out.push({
      name: `batch norm forward + backward, ${shape.join('×')}: native kernels`,
      value: on,
      unit: 'ms',
      samples: times.on.length,
      detail: `tfjs composition ${off.toFixed(2)} ms: ×${(off / on).toFixed(2)} (same run)`,
    })
  }
  return out
}

/** Rounds of the step A/B, each 'on' then 'off' or the other way round (2 timed steps each). */
const ROUNDS = Number(process.env.BLOCKWISE_BENCH_ROUNDS ?? 6)

const resnet = {
  template: 'cifar-resnet20',
  label: 'ResNet-20',
  batch: 128,
  shape: [32, 32, 3] as [number, number, number],
}

async function stepResults(): Promise<BenchResult[]> {
  const { step, dispose } = trainingStep(resnet)
  const times = { on: [] as number[], off: [] as number[] }
  // CPU time of all threads: steadier than wall time when others share the machine.
  const cpuMs = { on: [] as number[], off: [] as number[] }
  await step()
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      nativeBatchNorm(mode === 'on')
      await step() // the first step after a swap allocates the other path's buffers
      for (let i = 0; i < 2; i++) {
        const cpu = process.cpuUsage()
        times[mode].push(await step())
        const used = process.cpuUsage(cpu)
        cpuMs[mode].push((used.user + used.system) / 1000)
      }
    }
  }
  const profiles: Record<'on' | 'off', { calls: number; ms: number }> = {
    on: { calls: 0, ms: 0 },
    off: { calls: 0, ms: 0 },
  }
  for (const mode of ['on', 'off'] as const) {
    nativeBatchNorm(mode === 'on')
    const p = await tf.profile(async () => void (await step()))
    // Ops that wrap kernels (fusedConv2d__op, customGrad's scope …) appear too: only kernels.
    const kernels = p.kernels.filter((k) => !k.name.endsWith('__op') && k.name !== 'unnamed scope')
    profiles[mode].calls = kernels.length
    profiles[mode].ms = kernels.reduce((s, k) => s + (k.kernelTimeMs as number), 0)
  }
  nativeBatchNorm(true)
  dispose()
  const [on, off] = [median(times.on), median(times.off)]
  const [cpuOn, cpuOff] = [median(cpuMs.on), median(cpuMs.off)]
  const rate = (ms: number) => (resnet.batch * 1000) / ms
  return [
    {
      name: 'train ResNet-20, batch 128, native batch norm on',
      value: rate(on),
      unit: 'images/s',
      samples: times.on.length,
      detail:
        `${on.toFixed(0)} ms/step; off ${rate(off).toFixed(1)} images/s (${off.toFixed(0)} ` +
        `ms/step): ×${(off / on).toFixed(3)} (medians, alternating rounds, same run); CPU ` +
        `${cpuOn.toFixed(0)} vs ${cpuOff.toFixed(0)} ms/step: ×${(cpuOff / cpuOn).toFixed(3)}`,
    },
    {
      name: 'ResNet-20 profiled step: kernel calls, native batch norm on',
      value: profiles.on.calls,
      unit: 'kernels',
      samples: 1,
      detail:
        `off ${profiles.off.calls}; kernel time ${profiles.on.ms.toFixed(0)} ms on vs ` +
        `${profiles.off.ms.toFixed(0)} ms off`,
    },
  ]
}

const bench: Bench = {
  name: 'native batch norm',
  async run() {
    await initBackend('wasm')
    const load = nativeAddon()
    if (!load.ok) {
      return [{ name: 'native kernels', value: 0, unit: 'loaded', samples: 0, detail: load.reason }]
    }
    return [...(await opResults()), ...(await stepResults())]
  },
}

export default bench
