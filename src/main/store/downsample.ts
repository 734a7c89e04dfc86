import type { SeriesPoint } from './types'

/**
 * Reduces a series to at most `maxPoints` by min/max buckets: the first and last points stay,
 * and every bucket keeps its lowest and highest finite values in step order, so spikes survive.
 * A bucket holding NaN or ±Infinity keeps its first such point as a marker (in place of the
 * extreme nearer the bucket's mean), so a divergence never disappears from the chart.
 */
export function downsample(points: SeriesPoint[], maxPoints: number): SeriesPoint[] {
  const n = points.length
  if (n <= maxPoints || n <= 2) return points
  if (maxPoints < 4)
    return maxPoints <= 1 ? points.slice(0, maxPoints) : [points[0]!, points[n - 1]!]
  const buckets = Math.floor((maxPoints - 2) / 2)
  const out: SeriesPoint[] = [points[0]!]
  const inner = n - 2
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets)
    const end = 1 + Math.floor(((b + 1) * inner) / buckets)
    if (end <= start) continue
    let lo = -1
    let hi = -1
    let marker = -1
    let sum = 0
    let finite = 0
    for (let i = start; i < end; i++) {
      const v = points[i]!.value
      if (!Number.isFinite(v)) {
        if (marker < 0) marker = i
        continue
      }
      sum += v
      finite++
      if (lo < 0 || v < points[lo]!.value) lo = i
      if (hi < 0 || v > points[hi]!.value) hi = i
    }
    const picks: number[] = []
    if (marker >= 0) {
      picks.push(marker)
      if (finite > 0) {
        const mean = sum / finite
        const far =
          Math.abs(points[lo]!.value - mean) >= Math.abs(points[hi]!.value - mean) ? lo : hi
        picks.push(far)
      }
    } else {
      picks.push(lo)
      if (hi !== lo) picks.push(hi)
    }
    picks.sort((a, c) => a - c)
    for (const i of picks) out.push(points[i]!)
  }
  out.push(points[n - 1]!)
  return out
}
