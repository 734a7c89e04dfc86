import { BACKEND_LABELS, type BackendName } from '../../../shared/training/backends'
import { useSystemInfo } from './SystemInfoContext'
import { useConnection } from './useConnection'

/** The bottom bar: the trainer's backend, the data directory and the connection. */
export function StatusBar(): React.JSX.Element {
  const info = useSystemInfo()
  const connection = useConnection()
  const backend = info.backend
    ? `${BACKEND_LABELS[info.backend.name as BackendName] ?? info.backend.name} ${info.backend.version}` +
      (info.backend.nativeKernels ? ' + native kernels' : '') +
      (info.backend.device ? ` on ${info.backend.device}` : '')
    : 'no training backend'
  const title = info.backend?.nativeKernels
    ? `The tfjs backend the trainer will use, with Blockwise's native kernels (${info.backend.nativeKernels}) in front`
    : 'The tfjs backend the trainer will use'
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item" title={title} data-testid="status-backend">
        <span className={`status-dot ${info.backend ? 'ok' : 'warn'}`} aria-hidden />
        {backend}
      </span>
      <span className="status-item status-path" title={info.dataDir} data-testid="status-data-dir">
        Data: {info.dataDir}
      </span>
      {info.storeProblem && (
        <span className="status-item status-problem" title={info.storeProblem}>
          Database read-only
        </span>
      )}
      <span className="status-spacer" />
      <span className="status-item" data-testid="status-connection" data-connection={connection}>
        <span className={`status-dot ${connection === 'connected' ? 'ok' : 'error'}`} aria-hidden />
        {connection === 'lost'
          ? 'Server unreachable'
          : info.transport === 'ipc'
            ? 'Desktop'
            : 'Connected (browser)'}
      </span>
      <span className="status-item status-version">Blockwise {info.version}</span>
    </footer>
  )
}
