import { useEffect, useRef, useState } from 'react'
import { api } from '../api'
import { errorText } from '../train/useAsync'

export type Job<T> =
  | { state: 'idle' }
  | { state: 'running'; jobId: string; done: number; total: number }
  | { state: 'ready'; data: T }
  | { state: 'error'; message: string }

let counter = 0

/**
 * A long inspector request with progress (`inspect:progress` for its job id) and cancel.
 * `run(start)` starts it; a newer run or unmount drops the older answer.
 */
export function useJob<T>(): {
  job: Job<T>
  run(start: (jobId: string) => Promise<T>): void
  cancel(): void
} {
  const [job, setJob] = useState<Job<T>>({ state: 'idle' })
  const current = useRef<string | null>(null)
  useEffect(() => {
    const off = api.inspect.onProgress((p) => {
      if (p.jobId === current.current)
        setJob((j) => (j.state === 'running' ? { ...j, done: p.done, total: p.total } : j))
    })
    return () => {
      off()
      current.current = null
    }
  }, [])
  return {
    job,
    run(start) {
      const jobId = `ui-${Date.now()}-${++counter}`
      current.current = jobId
      setJob({ state: 'running', jobId, done: 0, total: 0 })
      start(jobId).then(
        (data) => current.current === jobId && setJob({ state: 'ready', data }),
        (e: unknown) =>
          current.current === jobId && setJob({ state: 'error', message: errorText(e) }),
      )
    },
    cancel() {
      if (job.state === 'running') void api.inspect.cancel({ jobId: job.jobId })
    },
  }
}
