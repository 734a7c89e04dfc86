import { useEffect, useState } from 'react'
import type { RequestOf, RunSummary } from '../../../shared/api'
import { api } from '../api'
import { useLive } from '../train/liveStore'
import { errorText } from '../train/useAsync'

export type RunQuery = NonNullable<RequestOf<'runs:list'>>
export type SortKey = NonNullable<RunQuery['sort']>

const PAGE = 200
const selectStatusSerial = (s: { statusSerial: number }) => s.statusSerial

interface Loaded {
  key: string
  runs: RunSummary[]
  total: number
  error: string | null
}

/** The history's runs for a query; refreshed when a run changes status or `reload` is called. */
export function useRunList(query: RunQuery): {
  runs: RunSummary[]
  total: number
  error: string | null
  loading: boolean
  more(): void
  reload(): void
} {
  const serial = useLive(selectStatusSerial)
  const key = JSON.stringify(query)
  // Pages count from the query they were asked for: a new query starts at one page again.
  const [paging, setPaging] = useState({ key, pages: 1 })
  const pages = paging.key === key ? paging.pages : 1
  const [tick, setTick] = useState(0)
  const [loaded, setLoaded] = useState<Loaded>({ key: '', runs: [], total: 0, error: null })
  const want = `${key}|${pages}|${serial}|${tick}`
  useEffect(() => {
    let current = true
    // Typing in the search box should not fire a query per key.
    const timer = setTimeout(() => {
      api.runs.list({ ...(JSON.parse(key) as RunQuery), limit: Math.min(1000, PAGE * pages) }).then(
        (r) => current && setLoaded({ key: want, runs: r.runs, total: r.total, error: null }),
        (e: unknown) => current && setLoaded((s) => ({ ...s, key: want, error: errorText(e) })),
      )
    }, 120)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [key, pages, want])
  return {
    runs: loaded.runs,
    total: loaded.total,
    error: loaded.error,
    loading: loaded.key !== want,
    more: () => setPaging({ key, pages: pages + 1 }),
    reload: () => setTick((t) => t + 1),
  }
}
