/**
 * Training speed on the GPU through WebGPU beside the CPU path (wasm + native kernels), in one
 * run: images/s of LeNet-5 (MNIST-shaped, batch 64) and CIFAR ResNet-20 (32×32×3, batch 128),
 * the same step as `backend.bench.ts`, and the ratio. `npm run bench -- webgpu`.
 *
 * The adapter is named in every row. With no GPU, VK_ICD_FILENAMES pointing at SwiftShader
 * (chromium's) gives a software adapter: the figures then check the path, not the speed, and
 * ResNet-20 (minutes a step there) is left out, saying so in LeNet-5's row.
 */
import { initBackend, type BackendInfo } from '../src/main/engine/backend'
import { median } from './measure'
import { LENET5, RESNET20, trainingStep, type StepWorkload } from './trainingStep'
import type { Bench, BenchResult } from './types'

interface Workload extends StepWorkload {
  steps: number
  warmup: number
}

const workloads: Workload[] = [
  { ...LENET5, steps: 20, warmup: 3 },
  { ...RESNET20, steps: 6, warmup: 2 },
]

async function imagesPerSecond(w: Workload): Promise<{ value: number; samples: number }> {
  const { step, dispose } = trainingStep(w)
  try {
    for (let i = 0; i < w.warmup; i++) await step()
    const times: number[] = []
    for (let i = 0; i < w.steps; i++) times.push(await step())
    return { value: (w.batch * 1000) / median(times), samples: times.length }
  } finally {
    dispose()
  }
}

const bench: Bench = {
  name: 'webgpu',
  async run() {
    const cpu = await initBackend('wasm')
    const cpuSpeed: number[] = []
    const results: BenchResult[] = []
    for (const w of workloads) {
      const r = await imagesPerSecond(w)
      cpuSpeed.push(r.value)
      results.push({
        name: `train ${w.label}, batch ${w.batch}, CPU path`,
        unit: 'images/s',
        ...r,
        detail: `${cpu.name}${cpu.nativeKernels ? ` + native kernels (${cpu.nativeKernels})` : ''}`,
      })
    }
    let gpu: BackendInfo
    try {
      gpu = await initBackend('webgpu')
    } catch (e) {
      throw new Error(`no webgpu here: ${e instanceof Error ? e.message : String(e)}`)
    }
    const software = gpu.device?.endsWith(', software') === true
    const leftOut = software ? workloads.filter((w) => w.template !== LENET5.template) : []
    const note = leftOut.length
      ? `; ${leftOut.map((w) => w.label).join(', ')} left out on a software adapter (minutes a step)`
      : ''
    for (const [i, w] of workloads.entries()) {
      if (leftOut.includes(w)) continue
      const r = await imagesPerSecond(software ? { ...w, steps: 3, warmup: 1 } : w)
      results.push({
        name: `train ${w.label}, batch ${w.batch}, webgpu`,
        unit: 'images/s',
        ...r,
        detail: `×${(r.value / cpuSpeed[i]!).toPrecision(2)} the CPU path; on ${gpu.device}${note}`,
      })
    }
    return results
  },
}

export default bench
