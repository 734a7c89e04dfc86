import { useCallback, useEffect, useRef, useState } from 'react'
import type { ClientApi } from '../../../shared/api'
import { api, ApiError } from '../api'
import { errorText } from '../train/useAsync'

type ImportRequest = Parameters<ClientApi['datasets']['import']>[0]
type ImportResult = Awaited<ReturnType<ClientApi['datasets']['import']>>
export type ImportProgress = Parameters<Parameters<ClientApi['datasets']['onImportProgress']>[0]>[0]

/** The stored dataset an import duplicated. */
export interface ExistingDataset {
  id: string
  name: string
}

export type ImportState =
  | { state: 'idle' }
  | { state: 'running'; importId: string; progress: ImportProgress | null }
  /**
   * `duplicate`: the same data is already stored (the message names it); it can be imported
   * anyway, or `existing` (when the server named it) used instead.
   */
  | { state: 'failed'; message: string; duplicate: boolean; existing: ExistingDataset | null }
  | { state: 'cancelled' }
  | { state: 'done'; result: ImportResult }

/** Runs one import at a time, following its progress events; `cancel` asks the server to stop it. */
export function useImport(onDone: (result: ImportResult) => void): {
  status: ImportState
  start(request: Omit<ImportRequest, 'importId'>): void
  cancel(): void
} {
  const [status, setStatus] = useState<ImportState>({ state: 'idle' })
  const running = useRef<string | null>(null)
  const cancelled = useRef(false)

  useEffect(
    () =>
      api.datasets.onImportProgress((p) => {
        if (p.importId !== running.current) return
        setStatus((s) => (s.state === 'running' ? { ...s, progress: p } : s))
      }),
    [],
  )

  const start = useCallback(
    (request: Omit<ImportRequest, 'importId'>) => {
      if (running.current) return
      const importId = `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
      running.current = importId
      cancelled.current = false
      setStatus({ state: 'running', importId, progress: null })
      api.datasets.import({ ...request, importId }).then(
        (result) => {
          running.current = null
          setStatus({ state: 'done', result })
          onDone(result)
        },
        (e: unknown) => {
          running.current = null
          setStatus(failedState(e, cancelled.current))
        },
      )
    },
    [onDone],
  )

  const cancel = useCallback(() => {
    const importId = running.current
    if (!importId) return
    cancelled.current = true
    void api.datasets.cancelImport({ importId }).catch(() => undefined)
  }, [])

  return { status, start, cancel }
}

/** The state an import's rejection leaves; a cancelled import rejects too, and says so instead. */
export function failedState(error: unknown, cancelled: boolean): ImportState {
  if (cancelled) return { state: 'cancelled' }
  const duplicate = error instanceof ApiError && error.code === 'DATASET_DUPLICATE'
  const existing = duplicate ? (error.details?.existingDataset ?? null) : null
  return {
    state: 'failed',
    message: errorText(error),
    duplicate,
    existing: existing && { id: existing.id, name: existing.name },
  }
}

/** "Reading 120 of 400 files", for the line under the progress bar. */
export function progressText(p: ImportProgress | null): string {
  if (!p) return 'Starting…'
  if (p.message) return p.message
  const phase = p.phase.charAt(0).toUpperCase() + p.phase.slice(1)
  if (p.total !== null) return `${phase} ${p.done.toLocaleString()} of ${p.total.toLocaleString()}`
  return p.done > 0 ? `${phase}… ${p.done.toLocaleString()}` : `${phase}…`
}
