import { describe, expect, it } from 'vitest'
import { backendLabel, backendSuffix } from './backendLabel'

describe('backendLabel', () => {
  it('names the GPU or the native kernels when there were any, else the backend alone', () => {
    expect(backendLabel('wasm', 'avx512, 2 threads')).toBe('wasm + native kernels')
    expect(backendLabel('wasm', null)).toBe('wasm')
    expect(backendLabel('tensorflow', undefined)).toBe('tensorflow')
    expect(backendLabel(null, 'avx2, 4 threads')).toBeNull()
    expect(backendLabel('webgpu', null, 'Apple M2 (apple metal-3)')).toBe(
      'webgpu on Apple M2 (apple metal-3)',
    )
    expect(backendSuffix('avx512, 2 threads')).toBe(' + native kernels (avx512, 2 threads)')
    expect(backendSuffix(null, 'NVIDIA H100')).toBe(' on NVIDIA H100')
    expect(backendSuffix(null)).toBe('')
  })
})
