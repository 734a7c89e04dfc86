import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useWasm } from './compareBackends'
import { registerTrainingKernels, unregisterTrainingKernels } from '.'

describe('registerTrainingKernels', () => {
  beforeAll(useWasm)

  it('leaves the kernels named in `except` as the backend has them, and puts ours back', () => {
    const ours = tf.getKernel('Tanh', 'wasm')
    unregisterTrainingKernels('wasm')
    const stockTanh = tf.getKernel('Tanh', 'wasm')
    const stockPoolGrad = tf.getKernel('AvgPoolGrad', 'wasm')
    expect(stockTanh).toBeDefined()
    expect(stockTanh).not.toBe(ours)
    try {
      const labels = registerTrainingKernels('wasm', { except: ['Tanh'] })
      expect(tf.getKernel('Tanh', 'wasm')).toBe(stockTanh)
      expect(tf.getKernel('AvgPoolGrad', 'wasm')).not.toBe(stockPoolGrad)
      expect(labels.some((l) => l.includes('Tanh'))).toBe(false)
      expect(labels).toContain('tiling AvgPoolGrad as a spread')
    } finally {
      unregisterTrainingKernels('wasm')
      registerTrainingKernels('wasm')
    }
    expect(tf.getKernel('Tanh', 'wasm')).not.toBe(stockTanh)
  })
})
