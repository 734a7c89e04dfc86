import { useEffect, useState } from 'react'
import { api } from '../api'

export type ConnectionStatus = 'connected' | 'lost'

const PROBE_MS = 10_000

/**
 * Whether the services still answer. In serve mode the server can go away under an open page;
 * a cheap `system:info` every few seconds notices. IPC cannot drop while the window lives.
 */
export function useConnection(): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>('connected')
  useEffect(() => {
    if (api.transport.kind === 'ipc') return
    let cancelled = false
    const probe = (): void => {
      api.system.info().then(
        () => !cancelled && setStatus('connected'),
        () => !cancelled && setStatus('lost'),
      )
    }
    const timer = setInterval(probe, PROBE_MS)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [])
  return status
}
