import { useEffect, useState } from 'react'
import { ApiError } from '../api'

export type Loadable<T> =
  { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; message: string }

/** Runs `load` when `deps` change and keeps the latest result; a stale answer is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Loadable<T> {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' })
  useEffect(() => {
    let current = true
    load().then(
      (data) => current && setValue({ state: 'ready', data }),
      (e: unknown) => current && setValue({ state: 'error', message: errorText(e) }),
    )
    return () => {
      current = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what load depends on
  }, deps)
  return value
}

/** A readable message from an API error or anything thrown. */
export const errorText = (e: unknown): string =>
  e instanceof ApiError || e instanceof Error ? e.message : String(e)
