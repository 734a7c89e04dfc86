import { nativeAddon, nativeInfoLabel, nativeKernelsActive } from './addon/index'

type NativeBackend = Parameters<typeof nativeKernelsActive>[0]

/** "avx512, 2 threads" when the native kernels are in front of `backend`'s own, else null. */
export function nativeKernelsLabel(backend: NativeBackend): string | null {
  const load = nativeAddon()
  return load.ok && nativeKernelsActive(backend) ? nativeInfoLabel(load.info) : null
}
