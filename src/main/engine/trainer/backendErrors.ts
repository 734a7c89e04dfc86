/**
 * What a backend's failure means for the person training, in a sentence they can act on. The raw
 * text is kept after it (in the run's error), so nothing a bug report needs is lost.
 */

interface Rule {
  test: RegExp
  words: (backend: string | null) => string
}

const RULES: Rule[] = [
  {
    // tfjs-backend-webgpu: a buffer the device cannot allocate, or the device gone after one.
    test: /GPUOutOfMemoryError|out of memory.*(gpu|device|buffer)|(gpu|device|buffer).*out of memory|createBuffer.*(fail|invalid)/i,
    words: () =>
      'The GPU ran out of memory. Lower the batch size (or the input size or the widest layers) and train again.',
  },
  {
    test: /device (was )?lost|GPUDevice.*lost|DEVICE_LOST/i,
    words: () =>
      'The GPU stopped responding (its device was lost: a driver reset, the GPU taken away, or memory exhausted). Train again, with a smaller batch size if it repeats.',
  },
  {
    // Emscripten's abort and wasm's memory growth failing: the wasm heap is at most 4 GiB.
    test: /Aborted\(|Cannot enlarge memory|memory access out of bounds|WebAssembly\.Memory|wasm.*out of memory|out of memory.*wasm/i,
    words: (b) =>
      `The ${b === 'wasm' || b === null ? 'WebAssembly' : b} backend ran out of memory (its heap is at most 4 GiB). Lower the batch size or make the network smaller; a GPU backend has more room.`,
  },
  {
    // V8 cannot make a typed array that large (a weight or activation beyond ~2³¹ values).
    test: /Invalid typed array length|Array buffer allocation failed|Invalid array length/i,
    words: () =>
      'A tensor is too large to allocate (over two billion values, or more memory than the process may have). Make the widest layer smaller or lower the batch size.',
  },
  {
    test: /Maximum call stack size exceeded/,
    words: () =>
      'The network is too deep for the training code to follow. Group repeated layers into stages or make it shallower.',
  },
  {
    test: /\bOOM\b|Resource exhausted|failed to allocate/i,
    words: (b) =>
      `${b === 'tensorflow-gpu' ? 'The GPU' : 'The machine'} ran out of memory. Lower the batch size or make the network smaller.`,
  },
]

/** The sentence for a backend's raw error, or null when it is not one of the known failures. */
export function backendErrorInWords(raw: string, backend: string | null): string | null {
  const rule = RULES.find((r) => r.test.test(raw))
  return rule ? rule.words(backend) : null
}

/** A failure's message for the run: the sentence first, then the raw text in brackets. */
export function explainFailure(raw: string, backend: string | null): string {
  const words = backendErrorInWords(raw, backend)
  return words === null ? raw : `${words} (${raw})`
}
