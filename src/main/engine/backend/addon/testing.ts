// Test support: the same computation on wasm (with the native kernels) and on the stock cpu
// backend. Imported by *.test.ts only.
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { initBackend } from '..'
import { nativeAddon, nativeKernelsActive, type NativeAddon } from './index'

/**
 * A suite over the wasm backend with the addon's kernels in front: loads both before the tests
 * (failing them when the addon is not built) and afterwards undoes spies and the addon's
 * instruction-set and thread settings. `addon` is filled in once beforeAll has run.
 */
export function nativeWasmSuite(): { addon: NativeAddon } {
  const suite = {} as { addon: NativeAddon }
  beforeAll(async () => {
    await initBackend('wasm')
    const load = nativeAddon()
    expect(load.ok ? 'loaded' : load.reason).toBe('loaded')
    if (!load.ok) return
    suite.addon = load.addon
    expect(nativeKernelsActive('wasm')).toBe(true)
  }, 60_000)
  afterAll(() => {
    vi.restoreAllMocks()
    suite.addon?.configure('auto', 0)
  })
  return suite
}

/** Deterministic values in [-1, 1). */
export function seeded(size: number, seed: number): Float32Array {
  const out = new Float32Array(size)
  let s = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

/** Runs fn on `backend`, reads every returned tensor, frees everything it made. */
export async function runOn(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend)
  // The cpu backend's first write prints a banner about tfjs-node; tests need no advice.
  if (backend === 'cpu') Object.assign(tf.backend(), { firstUse: false })
  const outs = tf.tidy(fn)
  const data = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())))
  tf.dispose(outs)
  return data
}

/** Largest |a − b| relative to the reference's largest magnitude (at least 1). */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) {
    throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`)
  }
  let scale = 1
  let worst = 0
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!))
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  }
  return Number.isNaN(worst) ? Infinity : worst / scale
}
