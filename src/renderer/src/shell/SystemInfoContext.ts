import { createContext, useContext } from 'react'
import type { ResponseOf } from '../../../shared/api'

export type SystemInfo = ResponseOf<'system:info'>

export const SystemInfoContext = createContext<SystemInfo | null>(null)

/** What `system:info` said when the app connected; only inside `ConnectionGate`. */
export function useSystemInfo(): SystemInfo {
  const info = useContext(SystemInfoContext)
  if (!info) throw new Error('useSystemInfo must be used inside <ConnectionGate>')
  return info
}
