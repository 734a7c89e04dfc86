/**
 * Training speed of the backend this machine gets: images/s of LeNet-5 (MNIST-shaped, batch 64)
 * and CIFAR ResNet-20 (32×32×3, batch 128), compiled from the templates as the app trains them
 * (momentum SGD, softmax cross-entropy on the logits, a fresh input tensor every step). On wasm
 * the same run is also measured with only the filter gradient added (the least that trains),
 * and the ratio says what the other kernels bring. Both are also given per CPU-second (all
 * threads), which a busy machine disturbs less than wall time.
 */
import { type BackendInfo, initBackend } from '../src/main/engine/backend'
import {
  registerTrainingKernels,
  unregisterTrainingKernels,
} from '../src/main/engine/backend/kernels'
import {
  registerNativeKernels,
  unregisterNativeKernels,
} from '../src/main/engine/backend/addon/index'
import { median } from './measure'
import { LENET5, RESNET20, trainingStep } from './trainingStep'
import type { Bench, BenchResult } from './types'

interface Workload {
  template: string
  label: string
  batch: number
  shape: [number, number, number]
  /** Timed steps and untimed warm-up steps. */
  steps: number
  warmup: number
  /** From the issue: PyTorch on this machine's CPU does ~8,000 (LeNet-5) and ~800 (ResNet-20). */
  target: number
}

const workloads: Workload[] = [
  {
    ...LENET5,
    steps: 40,
    warmup: 5,
    target: 8000,
  },
  {
    ...RESNET20,
    steps: 6,
    warmup: 2,
    target: 400,
  },
]

interface Speed {
  /** Median images/s of wall time. */
  value: number
  /** Images per second of CPU time (all threads): steadier than wall time on a shared machine. */
  perCpuSecond: number
  samples: number
}

/** Median images/s over `steps` training steps (each timed to its loss read-back). */
async function imagesPerSecond(w: Workload): Promise<Speed> {
  const { step, dispose } = trainingStep(w)
  for (let i = 0; i < w.warmup; i++) await step()
  const times: number[] = []
  const cpu = process.cpuUsage()
  for (let i = 0; i < w.steps; i++) times.push(await step())
  const { user, system } = process.cpuUsage(cpu)
  dispose()
  return {
    value: (w.batch * 1000) / median(times),
    perCpuSecond: (w.batch * w.steps * 1e6) / (user + system),
    samples: times.length,
  }
}

async function measureWorkload(w: Workload, info: BackendInfo): Promise<BenchResult> {
  let baseline: Speed | undefined
  if (info.name === 'wasm') {
    // Stock wasm plus the one kernel it cannot train without.
    unregisterNativeKernels('wasm')
    unregisterTrainingKernels('wasm')
    registerTrainingKernels('wasm', {
      inputGradient: false,
      gradients: false,
      wasmFixes: false,
    })
    try {
      // Several times slower: fewer steps, so a busy machine still finishes in minutes.
      baseline = await imagesPerSecond({
        ...w,
        steps: Math.max(2, Math.ceil(w.steps / 3)),
        warmup: 1,
      })
    } finally {
      unregisterTrainingKernels('wasm')
      registerTrainingKernels('wasm')
      registerNativeKernels('wasm')
    }
  }
  const { value, perCpuSecond, samples } = await imagesPerSecond(w)
  const ratio =
    baseline === undefined
      ? ''
      : `; ×${(perCpuSecond / baseline.perCpuSecond).toFixed(2)} per CPU-second over stock wasm ` +
        `with only the filter gradient (${baseline.value.toFixed(1)} images/s, ` +
        `${baseline.perCpuSecond.toFixed(1)} per CPU-s)`
  return {
    name: `train ${w.label}, batch ${w.batch}`,
    value,
    unit: 'images/s',
    samples,
    target: { op: '>=', value: w.target },
    detail: `${info.name}; ${perCpuSecond.toFixed(1)} images per CPU-second${ratio}; ${info.detail}`,
  }
}

const bench: Bench = {
  name: 'backend',
  async run() {
    const pin = process.env.BLOCKWISE_BACKEND
    const info = await initBackend(
      pin === 'wasm' || pin === 'cpu' || pin === 'tensorflow' ? pin : 'auto',
    )
    const results: BenchResult[] = []
    for (const w of workloads) results.push(await measureWorkload(w, info))
    return results
  },
}

export default bench
