import { describe, expect, it } from 'vitest'
import { backendErrorInWords, explainFailure } from './backendErrors'

describe('backend failures in words', () => {
  it('a wasm abort is the heap running out, with what to change', () => {
    const raw = 'Aborted(). Build with -sASSERTIONS for more info.'
    expect(backendErrorInWords(raw, 'wasm')).toMatch(/^The WebAssembly backend ran out of memory/)
    expect(backendErrorInWords(raw, 'wasm')).toMatch(/Lower the batch size/)
    expect(explainFailure(raw, 'wasm')).toMatch(/\(Aborted\(\)\. Build with -sASSERTIONS/)
  })

  it('a typed array too long is a tensor too large, naming what to shrink', () => {
    const raw = 'cannot build the model: n2 (conv2d): Invalid typed array length: 8120172544'
    expect(explainFailure(raw, 'wasm')).toMatch(
      /^A tensor is too large to allocate .* Make the widest layer smaller .*\(cannot build the model: n2 \(conv2d\): Invalid typed array length: 8120172544\)$/,
    )
  })

  it('the GPU out of memory or lost suggests a smaller batch', () => {
    expect(backendErrorInWords('GPUOutOfMemoryError: Out of memory', 'webgpu')).toMatch(
      /^The GPU ran out of memory\. Lower the batch size/,
    )
    expect(backendErrorInWords('Device was lost: reason destroyed', 'webgpu')).toMatch(
      /^The GPU stopped responding/,
    )
    expect(backendErrorInWords('OOM when allocating tensor with shape', 'tensorflow-gpu')).toMatch(
      /^The GPU ran out of memory/,
    )
  })

  it('a deep recursion and an unknown failure', () => {
    expect(backendErrorInWords('Maximum call stack size exceeded', 'cpu')).toMatch(/too deep/)
    expect(explainFailure('the loss became NaN', 'cpu')).toBe('the loss became NaN')
  })
})
