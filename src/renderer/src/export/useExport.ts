import { useEffect, useState } from 'react'
import type { ExportFormat, ExportRecord, ResponseOf } from '../../../shared/api'
import { api, ApiError } from '../api'
import { errorText } from '../train/useAsync'

export type ExportResult = ResponseOf<'exports:run'>

export type ExportJob =
  | { state: 'idle' }
  | { state: 'busy'; format: ExportFormat; message: string; startedAt: number }
  | { state: 'done'; result: ExportResult; ms: number }
  | { state: 'error'; format: ExportFormat; code: string; message: string }

export interface UseExport {
  job: ExportJob
  /** This run's exports, newest first; null while loading. */
  list: ExportRecord[] | null
  listError: string | null
  start(format: ExportFormat, outDir: string | undefined): Promise<void>
}

/**
 * One run's export: the running job with its progress lines, and the run's exports list.
 * Mount it keyed by run, so another run starts from a clean slate.
 */
export function useExport(runId: number): UseExport {
  const [job, setJob] = useState<ExportJob>({ state: 'idle' })
  const [list, setList] = useState<ExportRecord[] | null>(null)
  const [listError, setListError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let current = true
    api.exports.list({ runId }).then(
      (rows) => current && (setList(rows), setListError(null)),
      (e: unknown) => current && setListError(errorText(e)),
    )
    return () => {
      current = false
    }
  }, [runId, tick])

  useEffect(() => {
    return api.exports.onProgress((e) => {
      if (e.runId !== runId) return
      setJob((j) => (j.state === 'busy' ? { ...j, message: e.message } : j))
    })
  }, [runId])

  const start = async (format: ExportFormat, outDir: string | undefined): Promise<void> => {
    const startedAt = performance.now()
    setJob({ state: 'busy', format, message: 'starting', startedAt })
    try {
      const result = await api.exports.run({ runId, format, ...(outDir ? { outDir } : {}) })
      setJob({ state: 'done', result, ms: performance.now() - startedAt })
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'INTERNAL'
      setJob({ state: 'error', format, code, message: errorText(e) })
    }
    setTick((t) => t + 1)
  }

  return { job, list, listError, start }
}
