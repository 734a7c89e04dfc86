/**
 * How a run's backend reads for people: "wasm + native kernels" when the native kernels ran in
 * front of it (they decide the speed as much as the backend does), else the backend's name.
 */
export function backendLabel(
  backend: string | null | undefined,
  native: string | null | undefined,
): string | null {
  if (!backend) return null
  return native ? `${backend} + native kernels` : backend
}

/** " + native kernels (avx512, 2 threads)" when they ran, else "": the long form's tail. */
export const nativeSuffix = (native: string | null | undefined): string =>
  native ? ` + native kernels (${native})` : ''
