import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { api, ApiError } from '../api'
import { SystemInfoContext, type SystemInfo } from './SystemInfoContext'
import './shell.css'

type GateState =
  | { kind: 'loading' }
  | { kind: 'ready'; info: SystemInfo }
  | { kind: 'error'; title: string; detail: string }

/** Words a person can act on for each way the first call can fail. */
function describe(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'UNAUTHORIZED':
        return {
          title: 'This page is not signed in',
          detail:
            'Open the address that “blockwise serve” printed in the terminal; it carries the session token.',
        }
      case 'FORBIDDEN':
        return {
          title: 'Access refused',
          detail: 'Open Blockwise at the address it printed (127.0.0.1 or localhost).',
        }
      case 'UNREACHABLE':
        return {
          title: 'The Blockwise server cannot be reached',
          detail:
            'Is “blockwise serve” still running? Start it again and open the new address it prints.',
        }
      default:
        return { title: 'Blockwise could not start', detail: error.message }
    }
  }
  return { title: 'Blockwise could not start', detail: String(error) }
}

/**
 * Connects to the services before showing the app: calls `system:info` and sets
 * `data-app-state` to loading, ready or error on its root (tests wait for "ready").
 */
export function ConnectionGate({ children }: { children: ReactNode }): React.JSX.Element {
  const [state, setState] = useState<GateState>({ kind: 'loading' })
  // Resolves later, never synchronously, so calling it from the effect is fine.
  const load = useCallback(() => {
    api.system.info().then(
      (info) => setState({ kind: 'ready', info }),
      (error: unknown) => setState({ kind: 'error', ...describe(error) }),
    )
  }, [])
  useEffect(load, [load])
  const retry = (): void => {
    setState({ kind: 'loading' })
    load()
  }

  return (
    <div className="app-root" data-testid="app-root" data-app-state={state.kind}>
      {state.kind === 'loading' && (
        <div className="gate" role="status">
          <div className="gate-spinner" aria-hidden />
          <p>Connecting to Blockwise…</p>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="gate gate-error" role="alert" data-testid="connection-error">
          <h1>{state.title}</h1>
          <p>{state.detail}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {state.kind === 'ready' && (
        <SystemInfoContext.Provider value={state.info}>{children}</SystemInfoContext.Provider>
      )}
    </div>
  )
}
