/** Number formats for the train and history views. */

export const pct = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`

/** 61706 → "61.7 k", 1.82e9 → "1.82 G". */
export function si(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const units = ['', ' k', ' M', ' G', ' T']
  let x = v
  let i = 0
  while (Math.abs(x) >= 1000 && i < units.length - 1) {
    x /= 1000
    i++
  }
  return `${i === 0 ? String(Math.round(x)) : x.toPrecision(3)}${units[i]}`
}

/** 83_000 → "1 min 23 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return ms < 10_000 && ms > 0 ? `${(ms / 1000).toFixed(1)} s` : `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${s % 60} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export const loss = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4)

export function when(t: number | null): string {
  if (t === null) return '—'
  const d = new Date(t)
  const today = new Date()
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  return d.toDateString() === today.toDateString()
    ? time
    : `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`
}
