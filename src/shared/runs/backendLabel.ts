/**
 * How a run's backend reads for people: "webgpu on NVIDIA H100 (nvidia hopper)" when it ran on a
 * GPU, "wasm + native kernels" when the native kernels ran in front of it (they decide the speed
 * as much as the backend does), else the backend's name.
 */
export function backendLabel(
  backend: string | null | undefined,
  native: string | null | undefined,
  device?: string | null,
): string | null {
  if (!backend) return null
  if (device) return `${backend} on ${device}`
  return native ? `${backend} + native kernels` : backend
}

/**
 * The long form's tail after "wasm 4.22.0": " + native kernels (avx512, 2 threads)" when they
 * ran, " on NVIDIA H100 (nvidia hopper)" on a GPU, else "".
 */
export const backendSuffix = (native: string | null | undefined, device?: string | null): string =>
  (native ? ` + native kernels (${native})` : '') + (device ? ` on ${device}` : '')
