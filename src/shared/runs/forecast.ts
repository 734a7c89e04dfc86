/** Throughput measured by a past run: its forward MACs per example and the images/s it reached. */
export interface Throughput {
  macs: number
  imagesPerSec: number
  backend: string | null
  /** The native kernels in front of its backend ("avx512, 2 threads"), null when none ran. */
  nativeKernels: string | null
}

/**
 * What the next run will get: its backend (null: unknown, any) and whether native kernels will
 * run in front of it (null: unknown, any). Native kernels make a run several times faster, so
 * runs with and without them do not say the same speed.
 */
export interface NextRun {
  backend: string | null
  nativeKernels: boolean | null
}

export interface EpochForecast {
  /** Milliseconds per epoch, training only. */
  ms: number
  /** Images per second expected for this design. */
  imagesPerSec: number
  /** How many past runs the estimate rests on. */
  basis: number
  /** Whether those runs had native kernels in front of their backend. */
  nativeKernels: boolean
}

/** Training examples one epoch sees: the train split less validation, capped by the limit. */
export function examplesPerEpoch(train: number, valFraction: number, limit: number | null): number {
  const available = Math.max(0, train - Math.round(train * valFraction))
  return limit === null ? available : Math.min(limit, available)
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * Whether the next run on `backend` gets native kernels, judged by the newest past run on it
 * (`past` newest first; a null backend: the newest run of all). The services cannot tell without
 * loading tfjs, and the addon's presence alone does not say it loads; the last run says what this
 * machine really did. Null when no past run on that backend is known.
 */
export function nativeExpected(
  past: readonly Throughput[],
  backend: string | null,
): boolean | null {
  const last = past.find((p) => backend === null || p.backend === backend)
  return last ? last.nativeKernels !== null : null
}

/**
 * Time per epoch from MACs and the throughput past runs measured like the next run will go: on
 * the same backend, with native kernels or without as it will be. Each past run gives MACs per
 * second (images/s × MACs per image); the median of those, divided into this design's MACs, gives
 * its images/s. Null when no such past run measured anything. Small nets are bound by per-batch
 * overheads rather than arithmetic, so the figure is rough.
 */
export function forecastEpoch(
  macs: number,
  examples: number,
  past: readonly Throughput[],
  next: NextRun,
): EpochForecast | null {
  const usable = past.filter(
    (p) =>
      p.macs > 0 &&
      p.imagesPerSec > 0 &&
      (next.backend === null || p.backend === next.backend) &&
      (next.nativeKernels === null || (p.nativeKernels !== null) === next.nativeKernels),
  )
  if (usable.length === 0 || macs <= 0) return null
  const macsPerSec = median(usable.map((p) => p.macs * p.imagesPerSec))
  const imagesPerSec = macsPerSec / macs
  // With `nativeKernels` unknown the runs may differ; the estimate is said to rest on native kernels
  // only when every one of them had them.
  const nativeKernels = usable.every((p) => p.nativeKernels !== null)
  return { ms: (examples / imagesPerSec) * 1000, imagesPerSec, basis: usable.length, nativeKernels }
}
