import { useState } from 'react'
import { RUN_STATUSES, type RunStatus } from '../../../shared/api'
import type { Design } from '../../../shared/graph/types'
import { CompareView } from './CompareView'
import { RunDetailPanel } from './RunDetailPanel'
import { RunTable } from './RunTable'
import { useRunList, type RunQuery, type SortKey } from './useRunList'
import '../train/train.css'
import './history.css'

const MAX_COMPARE = 10

interface Props {
  onOpenDesign(design: Design): void
  /** A run was started from here (re-run, plain twin): show it training. */
  onStarted(runId: number): void
}

/** Every run: sort, filter, search, tags and notes; pick 2–10 to compare. */
export function HistoryView({ onOpenDesign, onStarted }: Props): React.JSX.Element {
  const [search, setSearch] = useState('')
  const [status, setStatus] = useState<RunStatus | ''>('')
  const [tag, setTag] = useState('')
  const [sort, setSort] = useState<SortKey>('createdAt')
  const [order, setOrder] = useState<'asc' | 'desc'>('desc')
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const [openId, setOpenId] = useState<number | null>(null)
  const [comparing, setComparing] = useState<number[] | null>(null)
  const query: RunQuery = {
    sort,
    order,
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(status ? { status } : {}),
    ...(tag.trim() ? { tag: tag.trim() } : {}),
  }
  const list = useRunList(query)

  const onSort = (key: SortKey): void => {
    if (key === sort) setOrder(order === 'asc' ? 'desc' : 'asc')
    else {
      setSort(key)
      setOrder(key === 'name' || key === 'designName' || key === 'datasetName' ? 'asc' : 'desc')
    }
  }
  const toggle = (id: number): void => {
    const next = new Set(selected)
    if (next.has(id)) next.delete(id)
    else if (next.size < MAX_COMPARE) next.add(id)
    setSelected(next)
  }

  if (comparing) return <CompareView runIds={comparing} onClose={() => setComparing(null)} />
  const filtered = search.trim() !== '' || status !== '' || tag.trim() !== ''
  return (
    <div className="history-view" data-testid="history-view">
      <div className="hv-main">
        <div className="hv-toolbar">
          <input
            className="tp-input hv-search"
            type="search"
            placeholder="Search name, design, dataset, notes…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="history-search"
          />
          <select
            className="tp-input hv-inline"
            value={status}
            onChange={(e) => setStatus(e.target.value as RunStatus | '')}
            data-testid="history-status"
          >
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <input
            className="tp-input hv-inline"
            placeholder="Tag"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            data-testid="history-tag"
          />
          <span className="hv-count" data-testid="history-count">
            {list.runs.length < list.total ? `${list.runs.length} of ${list.total}` : list.total}{' '}
            run{list.total === 1 ? '' : 's'}
          </span>
          <button
            className="btn primary"
            disabled={selected.size < 2}
            onClick={() => setComparing([...selected])}
            data-testid="compare-btn"
            title={selected.size < 2 ? 'Tick 2 to 10 runs to compare them' : undefined}
          >
            Compare{selected.size > 0 ? ` (${selected.size})` : ''}
          </button>
        </div>
        {list.error && <p className="tp-error">Could not list runs: {list.error}</p>}
        {list.total === 0 && !list.loading ? (
          <div className="tp-empty" data-testid="history-empty">
            <h2>{filtered ? 'No run matches' : 'No runs yet'}</h2>
            <p>
              {filtered
                ? 'Clear the search or filters to see every run.'
                : 'Runs you start in the Train view appear here, with their curves and results.'}
            </p>
          </div>
        ) : (
          <div className="hv-scroll">
            <RunTable
              runs={list.runs}
              sort={sort}
              order={order}
              onSort={onSort}
              selected={selected}
              onToggle={toggle}
              openId={openId}
              onOpen={setOpenId}
            />
            {list.runs.length < list.total && (
              <button className="btn wide" onClick={list.more}>
                Show more
              </button>
            )}
          </div>
        )}
      </div>
      {openId !== null && (
        <RunDetailPanel
          key={openId}
          runId={openId}
          onClose={() => setOpenId(null)}
          onChanged={list.reload}
          onDeleted={() => {
            setOpenId(null)
            selected.delete(openId)
            setSelected(new Set(selected))
            list.reload()
          }}
          onOpenDesign={onOpenDesign}
          onStarted={onStarted}
        />
      )}
    </div>
  )
}
