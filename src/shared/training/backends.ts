import { z } from 'zod'

/** The tfjs backends a trainer can get, best first (the order `auto` tries them in). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const
export type BackendName = (typeof BACKEND_NAMES)[number]

/**
 * What a run may ask for: 'auto' takes the first of the chain that loads ('webgpu' only on a
 * hardware GPU); a pin takes only its own, 'webgpu' a software adapter too.
 */
export const BACKEND_PINS = ['auto', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const
export const backendPinSchema = z.enum(BACKEND_PINS)
export type BackendPin = z.infer<typeof backendPinSchema>

export const isBackendPin = (v: unknown): v is BackendPin =>
  (BACKEND_PINS as readonly unknown[]).includes(v)

/** Each backend in words, for the status bar and the backend picker. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  'tensorflow-gpu': 'TensorFlow (CUDA GPU)',
  webgpu: 'WebGPU',
  tensorflow: 'TensorFlow (native CPU)',
  wasm: 'WebAssembly',
  cpu: 'JavaScript CPU',
}

/** Each pin in words, for the train form's backend picker. */
export const PIN_LABELS: Record<BackendPin, string> = {
  auto: 'Best available',
  webgpu: 'WebGPU (this GPU)',
  tensorflow: 'TensorFlow native',
  wasm: 'WebAssembly',
  cpu: 'JavaScript CPU',
}
