/**
 * Exponential moving average with the start-up bias removed (as TensorBoard smooths): `weight`
 * 0 leaves the series as is, 0.99 smooths hard. Null and non-finite values pass through untouched
 * and do not disturb the average, so a diverged point still shows where it happened.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999)
  if (w === 0) return [...values]
  let last = 0
  let n = 0
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v
    last = last * w + (1 - w) * v
    n++
    return last / (1 - w ** n)
  })
}
