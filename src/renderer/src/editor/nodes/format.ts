/** 61,706 → "61.7K", 11,689,512 → "11.7M", 1.8e9 → "1.80G". */
export function compact(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}G`
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e8 ? 0 : 1)}M`
  if (abs >= 1e4) return `${(n / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}K`
  return n.toLocaleString('en-US')
}

/** Exact count with thousands separators. */
export function exact(n: number): string {
  return n.toLocaleString('en-US')
}
