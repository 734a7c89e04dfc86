import type { RunSummary } from '../../../shared/api'
import { COLUMNS } from './columns'
import type { SortKey } from './useRunList'

interface Props {
  runs: RunSummary[]
  sort: SortKey
  order: 'asc' | 'desc'
  onSort(key: SortKey): void
  selected: ReadonlySet<number>
  onToggle(id: number): void
  openId: number | null
  onOpen(id: number): void
}

/** The runs as a table: click a header to sort, a row to open it, the box to pick it for comparing. */
export function RunTable({
  runs,
  sort,
  order,
  onSort,
  selected,
  onToggle,
  openId,
  onOpen,
}: Props): React.JSX.Element {
  return (
    <table className="hv-table" data-testid="run-table">
      <thead>
        <tr>
          <th className="hv-pick" aria-label="Compare" />
          {COLUMNS.map((c) => (
            <th
              key={c.id}
              className={c.numeric ? 'num' : undefined}
              aria-sort={
                c.sort === sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined
              }
            >
              {c.sort ? (
                <button
                  className="hv-sort"
                  onClick={() => onSort(c.sort!)}
                  data-testid={`sort-${c.id}`}
                >
                  {c.label}
                  {c.sort === sort ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr
            key={r.id}
            className={openId === r.id ? 'open' : undefined}
            onClick={() => onOpen(r.id)}
            onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && onOpen(r.id)}
            tabIndex={0}
            data-testid="run-row"
            data-run-id={r.id}
            data-status={r.status}
          >
            <td className="hv-pick" onClick={(e) => e.stopPropagation()}>
              <input
                type="checkbox"
                checked={selected.has(r.id)}
                onChange={() => onToggle(r.id)}
                aria-label={`Compare ${r.name}`}
                data-testid="run-pick"
              />
            </td>
            {COLUMNS.map((c) => (
              <td key={c.id} className={c.numeric ? 'num' : undefined}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
