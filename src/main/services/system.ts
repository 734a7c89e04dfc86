import { version } from '../../../package.json'
import type { Transport } from '../../shared/api'
import type { Store } from '../store'
import type { Handlers } from './types'

export interface BackendSummary {
  name: string
  version: string
  /** The native kernels a wasm or cpu trainer will put in front ("avx512, 2 threads"), or null. */
  nativeKernels: string | null
  /** The GPU a webgpu trainer will use ("NVIDIA H100 (nvidia hopper)"), null on the CPU. */
  device: string | null
}

/** Finds the tfjs backend the trainer will use (without loading it into this process). */
export type BackendProbe = () => Promise<BackendSummary | null>

export interface SystemDeps {
  home: string
  store: Store
  transport: Transport
  probeBackend: BackendProbe
  nativeDialogs: boolean
}

/** `system:info`. The backend probe runs once and is cached: it answers the same until restart. */
export function systemHandlers(deps: SystemDeps): Pick<Handlers, 'system:info'> {
  let backend: Promise<BackendSummary | null> | null = null
  return {
    'system:info': async () => ({
      version,
      dataDir: deps.home,
      platform: `${process.platform}-${process.arch}`,
      backend: await (backend ??= deps.probeBackend().catch(() => null)),
      transport: deps.transport,
      nativeDialogs: deps.nativeDialogs,
      storeProblem: deps.store.problem ?? null,
    }),
  }
}
