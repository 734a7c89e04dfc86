import type { Analysis, LayerInfo } from './analysis'
import type { Diagnostic } from './types'

/** One tensor holds at most this many values: JavaScript's typed-array limit in Node 20+ (2³² − 1). */
export const MAX_TENSOR_VALUES = 2 ** 32 - 1
/** WebAssembly's 32-bit heap: everything a wasm run holds lives in these 4 GiB. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30

const FLOAT = 4

/** "8.12 billion" — values counted for people. */
function values(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)} billion`
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)} million`
  return n.toLocaleString('en-US')
}

/** "32.5 GB", "245 MB", "12 kB" (powers of 1000, as disks and the OS's monitors say). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let v = bytes
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u += 1
  }
  return `${u === 0 ? v : v.toPrecision(3)} ${units[u]}`
}

/**
 * Layers no backend can hold, whatever the batch: weights or one example's output beyond a
 * tensor's limit. An error on the design node the layer comes from, with the bytes it needs.
 */
export function sizeDiagnostics(layers: readonly LayerInfo[]): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const layer of layers) {
    const weights = layer.cost.params + layer.cost.nonTrainableParams
    if (weights > MAX_TENSOR_VALUES) {
      out.push({
        nodeId: layer.origin,
        severity: 'error',
        code: 'too-large',
        message: `${layer.name}: its weights need ${values(weights)} values (${formatBytes(weights * FLOAT)}); one tensor holds at most ${values(MAX_TENSOR_VALUES)}. Use fewer filters or units`,
      })
    } else if (layer.activations > MAX_TENSOR_VALUES) {
      out.push({
        nodeId: layer.origin,
        severity: 'error',
        code: 'too-large',
        message: `${layer.name}: one example's output has ${values(layer.activations)} values (${formatBytes(layer.activations * FLOAT)}); one tensor holds at most ${values(MAX_TENSOR_VALUES)}`,
      })
    }
  }
  return out
}

/** What a training run holds, in bytes, at a batch size. */
export interface MemoryForecast {
  batchSize: number
  /** Weights, biases and batch norm's moving statistics. */
  weights: number
  /** One gradient per trainable value. */
  gradients: number
  /** The optimizer's slots: none for SGD, one for momentum, two for Adam and RMSProp. */
  optimizer: number
  /** Every layer's output for the batch, kept for the backward pass, and its gradient. */
  activations: number
  total: number
  /** The largest single tensor of the batch: one layer's output. */
  largest: { nodeId: string; name: string; values: number } | null
}

const SLOTS: Record<string, number> = { sgd: 0, momentum: 1, adam: 2, rmsprop: 2 }

/**
 * The memory a run of this design needs at `batchSize` with `optimizer`: a forecast from the
 * analysis (no tensor is made). Activations count twice, the forward output the backward pass
 * keeps and its gradient; temporaries of single kernels are not counted.
 */
export function memoryForecast(
  analysis: Pick<Analysis, 'layers' | 'totals'>,
  settings: { batchSize: number; optimizer: string },
): MemoryForecast {
  const { params, nonTrainableParams, activations } = analysis.totals
  const weights = (params + nonTrainableParams) * FLOAT
  const gradients = params * FLOAT
  const optimizer = (SLOTS[settings.optimizer] ?? 2) * params * FLOAT
  const kept = activations * settings.batchSize * FLOAT * 2
  let largest: MemoryForecast['largest'] = null
  for (const layer of analysis.layers) {
    const v = layer.activations * settings.batchSize
    if (largest === null || v > largest.values)
      largest = { nodeId: layer.origin, name: layer.name, values: v }
  }
  return {
    batchSize: settings.batchSize,
    weights,
    gradients,
    optimizer,
    activations: kept,
    total: weights + gradients + optimizer + kept,
    largest,
  }
}

/** What one evaluation batch may hold in layer outputs before it is made smaller than 256. */
export const EVAL_BATCH_BYTES = 512 * 2 ** 20
const EVAL_BATCH_MAX = 256

/**
 * The batch size for validation and test: evaluation keeps no gradients, so up to 256 examples
 * at a time, fewer where their outputs would pass `EVAL_BATCH_BYTES`, never fewer than the
 * training batch (whose forecast already holds twice that much).
 */
export function evalBatchSize(activationsPerExample: number, batchSize: number): number {
  const fits = Math.floor(EVAL_BATCH_BYTES / Math.max(1, activationsPerExample * FLOAT))
  return Math.max(batchSize, Math.min(EVAL_BATCH_MAX, fits))
}

/** "≈ 1.23 GB at batch 64: weights 245 MB, optimizer 490 MB, activations 500 MB". */
export function describeMemory(f: MemoryForecast): string {
  return `≈ ${formatBytes(f.total)} at batch ${f.batchSize}: weights ${formatBytes(f.weights)}, optimizer ${formatBytes(f.optimizer)}, activations ${formatBytes(f.activations)}`
}

/**
 * Why this run cannot fit `backend` (null when it may): one layer's output for the batch beyond
 * a tensor's limit anywhere, beyond `gpuBufferBytes` (one GPU buffer, where the trainer knows
 * the device), or more than wasm's 4 GiB heap on wasm. A GPU's total memory is not known (WebGPU
 * does not tell); running out of it fails with an error in words.
 */
export function memoryProblem(
  f: MemoryForecast,
  backend: string | null,
  gpuBufferBytes: number | null = null,
): string | null {
  if (f.largest !== null && f.largest.values > MAX_TENSOR_VALUES) {
    return `At batch ${f.batchSize}, ${f.largest.name}'s output has ${values(f.largest.values)} values; one tensor holds at most ${values(MAX_TENSOR_VALUES)}. Lower the batch size.`
  }
  if (f.largest !== null && gpuBufferBytes !== null && f.largest.values * FLOAT > gpuBufferBytes) {
    return `At batch ${f.batchSize}, ${f.largest.name}'s output needs ${formatBytes(f.largest.values * FLOAT)}; this GPU holds at most ${formatBytes(gpuBufferBytes)} in one buffer. Lower the batch size.`
  }
  if (backend === 'wasm' && f.total > WASM_HEAP_BYTES) {
    return `This run needs ${describeMemory(f)}; the WebAssembly backend holds at most ${formatBytes(WASM_HEAP_BYTES)}. Lower the batch size, make the network smaller, or train on a GPU.`
  }
  return null
}
