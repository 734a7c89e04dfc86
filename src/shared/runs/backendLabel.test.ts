import { describe, expect, it } from 'vitest'
import { backendLabel } from './backendLabel'

describe('backendLabel', () => {
  it('names the native kernels when they ran, else the backend alone', () => {
    expect(backendLabel('wasm', 'avx512, 2 threads')).toBe('wasm + native kernels')
    expect(backendLabel('wasm', null)).toBe('wasm')
    expect(backendLabel('tensorflow', undefined)).toBe('tensorflow')
    expect(backendLabel(null, 'avx2, 4 threads')).toBeNull()
  })
})
