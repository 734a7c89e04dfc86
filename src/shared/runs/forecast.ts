/** Throughput measured by a past run: its forward MACs per example and the images/s it reached. */
export interface Throughput {
  macs: number
  imagesPerSec: number
  backend: string | null
}

export interface EpochForecast {
  /** Milliseconds per epoch, training only. */
  ms: number
  /** Images per second expected for this design. */
  imagesPerSec: number
  /** How many past runs the estimate rests on. */
  basis: number
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
 * Time per epoch from MACs and the throughput past runs measured on the same backend: each past
 * run gives MACs per second (images/s × MACs per image); the median of those, divided into this
 * design's MACs, gives its images/s. Null when no past run on this backend measured anything.
 * Small nets are bound by per-batch overheads rather than arithmetic, so the figure is rough.
 */
export function forecastEpoch(
  macs: number,
  examples: number,
  past: readonly Throughput[],
  backend: string | null,
): EpochForecast | null {
  const usable = past.filter(
    (p) => p.macs > 0 && p.imagesPerSec > 0 && (backend === null || p.backend === backend),
  )
  if (usable.length === 0 || macs <= 0) return null
  const macsPerSec = median(usable.map((p) => p.macs * p.imagesPerSec))
  const imagesPerSec = macsPerSec / macs
  return { ms: (examples / imagesPerSec) * 1000, imagesPerSec, basis: usable.length }
}
