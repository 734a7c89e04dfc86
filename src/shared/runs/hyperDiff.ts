/** One hyperparameter across the compared runs. */
export interface HyperRow {
  key: string
  /** The value in each run, in the runs' order; undefined when a run does not have it. */
  values: unknown[]
  differs: boolean
}

// Keys that describe the run's bookkeeping rather than how it learns.
const IGNORED = new Set(['resumeFrom'])

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The hyperparameters of several runs side by side: every key any run has, differing rows
 * first (in the order they first appear), then the shared ones alphabetically.
 */
export function hyperparameterDiff(
  runs: readonly { hyperparameters: Record<string, unknown> }[],
): HyperRow[] {
  const keys: string[] = []
  for (const r of runs)
    for (const k of Object.keys(r.hyperparameters))
      if (!keys.includes(k) && !IGNORED.has(k)) keys.push(k)
  const rows = keys.map((key) => {
    const values = runs.map((r) => r.hyperparameters[key])
    return { key, values, differs: values.some((v) => !same(v, values[0])) }
  })
  return [
    ...rows.filter((r) => r.differs),
    ...rows.filter((r) => !r.differs).sort((a, b) => a.key.localeCompare(b.key)),
  ]
}

/** A hyperparameter value as a table cell. */
export function formatHyper(value: unknown): string {
  if (value === undefined || value === null) return '—'
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatHyper).join(', ')
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)))
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
