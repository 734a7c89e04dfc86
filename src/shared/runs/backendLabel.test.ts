import { describe, expect, it } from 'vitest'
import { backendLabel, nativeSuffix } from './backendLabel'

describe('backendLabel', () => {
  it('names the native kernels when they ran, else the backend alone', () => {
    expect(backendLabel('wasm', 'avx512, 2 threads')).toBe('wasm + native kernels')
    expect(backendLabel('wasm', null)).toBe('wasm')
    expect(backendLabel('tensorflow', undefined)).toBe('tensorflow')
    expect(backendLabel(null, 'avx2, 4 threads')).toBeNull()
    expect(nativeSuffix('avx512, 2 threads')).toBe(' + native kernels (avx512, 2 threads)')
    expect(nativeSuffix(null)).toBe('')
  })
})
