/** Where webgpu sits in the backend chain, on a software GPU (SwiftShader) where there is no other. */
import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { initBackend } from '.'
import { requestGpuAdapter } from './gpuAdapter'
import { useSoftwareGpu } from './webgpuTesting'

const noDriver = useSoftwareGpu()
const adapter = noDriver === null ? await requestGpuAdapter() : null
const skip = noDriver ?? (adapter?.ok === false ? adapter.reason : null)
const software = adapter?.ok === true && adapter.info.software

describe.skipIf(skip !== null || !software)('webgpu in the chain, on a software adapter', () => {
  it("'auto' passes over a software adapter, saying so, and trains on a CPU backend", async () => {
    const info = await initBackend('auto')
    expect(info.name).not.toBe('webgpu')
    expect(info.device).toBeNull()
    expect(info.detail).toMatch(/webgpu: only a software adapter \(.*SwiftShader.*\); pin webgpu/)
  })

  it("pinned, 'webgpu' takes it, and names the adapter", async () => {
    const info = await initBackend('webgpu')
    expect(tf.getBackend()).toBe('webgpu')
    expect(info).toMatchObject({ name: 'webgpu', version: '4.22.0', nativeKernels: null })
    expect(info.device).toMatch(/SwiftShader.*, software$/)
    expect(info.detail).toMatch(/^tfjs-backend-webgpu 4\.22\.0 on Dawn \(webgpu \d+\.\d+\.\d+\): /)
    expect(info.detail).toMatch(/not for speed/)
    const y = tf.tidy(() =>
      tf.conv2d(tf.ones<tf.Rank.R4>([1, 4, 4, 1]), tf.ones<tf.Rank.R4>([3, 3, 1, 1]), 1, 'same'),
    )
    expect([...(await y.data())].slice(0, 4)).toEqual([4, 6, 6, 4])
    y.dispose()
  })
})
