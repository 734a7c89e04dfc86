// Test support: run the same computation on the wasm backend (with the training kernels) and
// on the stock cpu backend, and compare. Imported by *.test.ts only.
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { initBackend } from '..'
import { registerTrainingKernels, unregisterTrainingKernels } from '.'

/** Deterministic values in [-1, 1): the same inputs on both backends, run after run. */
export function seeded(size: number, seed: number): Float32Array {
  const out = new Float32Array(size)
  let s = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

export async function useWasm(): Promise<void> {
  await initBackend('wasm')
}

/** Runs fn on `backend` and reads every returned tensor; tensors are freed afterwards. */
async function runOn(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend)
  // The cpu backend's first write prints a banner about tfjs-node; tests need no advice.
  if (backend === 'cpu') Object.assign(tf.backend(), { firstUse: false })
  const outs = tf.tidy(fn)
  const data = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())))
  tf.dispose(outs)
  return data
}

/** fn on wasm with the training kernels. */
export function onWasm(fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  return runOn('wasm', fn)
}

/** fn on the cpu backend with tfjs's own kernels and gradients: the reference. */
export async function onStockCpu(fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  unregisterTrainingKernels('wasm')
  try {
    return await runOn('cpu', fn)
  } finally {
    registerTrainingKernels('wasm')
  }
}

/** Largest |a − b| relative to the reference's magnitude (at least 1). */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) {
    throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`)
  }
  let scale = 1
  let worst = 0
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] ?? 0))
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs((actual[i] ?? 0) - (expected[i] ?? 0)))
  }
  return worst / scale
}
