import type { RunSummary } from '../../../shared/api'
import { backendLabel } from '../../../shared/runs'
import { duration, pct, si, when } from '../charts/format'
import type { SortKey } from './useRunList'

export interface Column {
  id: string
  label: string
  sort?: SortKey
  numeric?: boolean
  cell(r: RunSummary): React.ReactNode
}

// Runs whose reason is worth reading in the table itself, not only in the run's panel.
const BROKEN = new Set(['crashed', 'diverged', 'failed'])

const runDuration = (r: RunSummary): number | null =>
  r.startedAt === null ? null : (r.endedAt ?? Date.now()) - r.startedAt

/** The history table's columns, in order. */
export const COLUMNS: Column[] = [
  {
    id: 'name',
    label: 'Name',
    sort: 'name',
    cell: (r) => (
      <>
        <span className="hv-name">{r.name}</span>
        {r.error && BROKEN.has(r.status) && (
          <span className="hv-why" title={r.error} data-testid="run-why">
            {r.error}
          </span>
        )}
      </>
    ),
  },
  { id: 'design', label: 'Design', sort: 'designName', cell: (r) => r.designName },
  {
    id: 'dataset',
    label: 'Dataset',
    sort: 'datasetName',
    cell: (r) => r.datasetName ?? <span className="muted">deleted</span>,
  },
  {
    id: 'status',
    label: 'Status',
    sort: 'status',
    cell: (r) => (
      <span
        className={`run-status s-${r.status}`}
        title={r.error ?? undefined}
        data-testid="run-status"
      >
        {r.status}
      </span>
    ),
  },
  {
    id: 'bestVal',
    label: 'Best val acc',
    sort: 'bestValAccuracy',
    numeric: true,
    cell: (r) => pct(r.bestValAccuracy),
  },
  {
    id: 'test',
    label: 'Test acc',
    sort: 'testAccuracy',
    numeric: true,
    cell: (r) => <span data-testid="run-test">{pct(r.finalMetrics?.test?.accuracy, 2)}</span>,
  },
  { id: 'params', label: 'Params', sort: 'params', numeric: true, cell: (r) => si(r.params) },
  { id: 'macs', label: 'MACs', sort: 'macs', numeric: true, cell: (r) => si(r.macs) },
  {
    id: 'backend',
    label: 'Backend',
    sort: 'backend',
    cell: (r) => backendLabel(r.backend, r.backendNative, r.backendDevice) ?? '—',
  },
  {
    id: 'duration',
    label: 'Duration',
    sort: 'duration',
    numeric: true,
    cell: (r) => duration(runDuration(r)),
  },
  {
    id: 'started',
    label: 'Started',
    sort: 'createdAt',
    numeric: true,
    cell: (r) => when(r.startedAt ?? r.createdAt),
  },
]
