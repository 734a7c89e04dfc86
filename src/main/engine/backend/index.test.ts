import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import { BackendUnavailableError, backendInfoSchema, initBackend } from '.'
import { gpuVisible } from './tfjsNode'
import { nativeAddon } from './addon/index'

const empty = mkdtempSync(join(tmpdir(), 'blockwise-wasm-empty-'))
afterAll(() => rmSync(empty, { recursive: true, force: true }))

/** One SGD step of a tiny conv net: proves the backend can train, not just load. */
async function trainStep(): Promise<number> {
  const x = tf.randomNormal<tf.Rank.R4>([2, 6, 6, 1])
  const w = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 1, 2]))
  const opt = tf.train.sgd(0.1)
  const loss = opt.minimize(() => tf.mean(tf.square(tf.conv2d(x, w, 2, 'same'))), true)
  const value = (await loss!.data())[0] ?? Number.NaN
  tf.dispose([x, w, loss!])
  return value
}

describe('initBackend', () => {
  it("'auto' on a machine without tfjs-node takes wasm and says why the others fell through", async () => {
    const info = await initBackend('auto')
    expect(backendInfoSchema.parse(info).name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    expect(info.version).toBe('4.22.0')
    expect(info.detail).toMatch(/SIMD/)
    expect(info.detail).toMatch(/tfjs-node: not installed/)
    // Without a GPU driver (or without the optional packages) webgpu says why it was passed over.
    expect(info.detail).toMatch(/webgpu: /)
    // Whether the native kernels are in is said twice, and both say the same.
    const load = nativeAddon()
    if (load.ok) {
      expect(info.nativeKernels).toBe(
        `${load.info.isa}, ${load.info.threads} thread${load.info.threads === 1 ? '' : 's'}`,
      )
      expect(info.detail).toContain(`native kernels (${load.info.isa}`)
    } else {
      expect(info.nativeKernels).toBeNull()
      expect(info.detail).toContain(`no native kernels: ${load.reason}`)
    }
    expect(Number.isFinite(await trainStep())).toBe(true)
  })

  it("pinning 'tensorflow' without tfjs-node is a clear error, not a silent fallback", async () => {
    const error = await initBackend('tensorflow').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect((error as Error).message).toMatch(/Backend 'tensorflow' is not available/)
    expect((error as Error).message).toMatch(/tfjs-node: not installed/)
    expect((error as Error).message).toMatch(/install @tensorflow\/tfjs-node/)
  })

  it('a wasm folder without the binaries names the folder and the missing files', async () => {
    const error = await initBackend('wasm', { wasmPath: empty }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect((error as Error).message).toContain(empty)
    expect((error as Error).message).toMatch(/tfjs-backend-wasm-simd\.wasm/)
  })

  it("'cpu' is always there and trains", async () => {
    const info = await initBackend('cpu')
    expect(info.name).toBe('cpu')
    expect(tf.getBackend()).toBe('cpu')
    expect(Number.isFinite(await trainStep())).toBe(true)
  })

  it("switching back to 'wasm' in the same process works", async () => {
    expect((await initBackend('wasm')).name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
  })

  it('hides the GPU when CUDA_VISIBLE_DEVICES says none', () => {
    expect(gpuVisible({ CUDA_VISIBLE_DEVICES: '-1' })).toBe(false)
    expect(gpuVisible({ CUDA_VISIBLE_DEVICES: '' })).toBe(false)
  })
})
