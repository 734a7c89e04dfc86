import { z } from 'zod'
import {
  BACKEND_NAMES,
  backendPinSchema,
  type BackendName,
  type BackendPin,
} from '../../../shared/training/backends'

export { backendPinSchema, type BackendName, type BackendPin }

/** The backend a process got, as shown in the UI and stored with every run. */
export const backendInfoSchema = z.object({
  name: z.enum(BACKEND_NAMES),
  /** Version of the package that provides the backend. */
  version: z.string(),
  /** One line for people: binaries, threads, SIMD, kernels added, why earlier ones fell through. */
  detail: z.string(),
  /**
   * The native kernels running in front of the backend's own ("avx512, 2 threads"), or null:
   * they make wasm several times faster, so a run records whether it had them.
   */
  nativeKernels: z.string().nullable(),
  /** The GPU it runs on ("NVIDIA H100 (nvidia hopper)"), null for the CPU backends. */
  device: z.string().nullable(),
})
export type BackendInfo = z.infer<typeof backendInfoSchema>

export interface InitBackendOptions {
  /**
   * Folder holding tfjs-backend-wasm's .wasm binaries (a packaged app unpacks them beside its
   * resources). Default: the installed package's dist/ folder.
   */
  wasmPath?: string
  /** Threads for the wasm backend's thread pool (default: the machine's cores). */
  wasmThreads?: number
}

/** A backend that cannot be had: thrown when a pinned backend does not load. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly pin: BackendPin,
    readonly reasons: string[],
  ) {
    super(`Backend '${pin}' is not available: ${reasons.join('; ')}`)
    this.name = 'BackendUnavailableError'
  }
}
