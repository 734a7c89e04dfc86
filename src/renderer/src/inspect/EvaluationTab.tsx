import { useEffect, useState } from 'react'
import type { ResponseOf } from '../../../shared/api'
import { api } from '../api'
import { CellImages } from './CellImages'
import type { Summary } from './InspectOverlay'
import { ProgressLine } from './ProgressLine'
import { useJob } from './useJob'

type Evaluation = ResponseOf<'inspect:evaluation'>
const pct = (v: number | null, digits = 2): string =>
  v === null ? '—' : `${(v * 100).toFixed(digits)}%`

/** Test top-1/top-5, the confusion matrix as a heatmap (click a cell for its images), precision and recall. */
export function EvaluationTab({ summary }: { summary: Summary }): React.JSX.Element {
  const { job, run, cancel } = useJob<Evaluation>()
  const [cell, setCell] = useState<{ t: number; p: number } | null>(null)
  const runId = summary.runId
  const evaluate = (): void => run((jobId) => api.inspect.evaluation({ runId, jobId }))
  useEffect(() => {
    evaluate()
  }, [runId]) // eslint-disable-line react-hooks/exhaustive-deps -- once per run
  if (job.state === 'running' || job.state === 'idle')
    return (
      <ProgressLine
        label={`Evaluating the best checkpoint on ${summary.testCount.toLocaleString()} test images`}
        done={job.state === 'running' ? job.done : 0}
        total={job.state === 'running' ? job.total : 0}
        onCancel={cancel}
      />
    )
  if (job.state === 'error')
    return (
      <p className="iv-error">
        Could not evaluate: {job.message}{' '}
        <button className="btn small" onClick={evaluate} data-testid="evaluation-retry">
          Try again
        </button>
      </p>
    )
  const e = job.data
  return (
    <div className="iv-eval" data-testid="evaluation">
      <div className="iv-stats">
        <Stat label="Test top-1" value={pct(e.top1)} testId="eval-top1" />
        <Stat label="Test top-5" value={pct(e.top5)} testId="eval-top5" />
        <Stat label="Test images" value={e.count.toLocaleString()} />
        <Stat label="Loss" value={e.loss === null ? '—' : e.loss.toFixed(4)} />
        <p className="iv-muted iv-note">
          Best checkpoint (epoch {e.checkpoint.epoch}).{' '}
          {e.trainerTop1 !== null &&
            `The trainer's end-of-run evaluation of the final weights gave ${pct(e.trainerTop1)}.`}
        </p>
      </div>
      <div className="iv-eval-main">
        <ConfusionMatrix e={e} selected={cell} onSelect={(t, p) => setCell({ t, p })} />
        <PerClass e={e} />
      </div>
      {cell && (
        <CellImages
          runId={runId}
          trueClass={cell.t}
          predictedClass={cell.p}
          classNames={e.classNames}
          count={e.confusionMatrix[cell.t]?.[cell.p] ?? 0}
          onClose={() => setCell(null)}
        />
      )}
    </div>
  )
}

function Stat({
  label,
  value,
  testId,
}: {
  label: string
  value: string
  testId?: string
}): React.JSX.Element {
  return (
    <div className="iv-stat">
      <span className="iv-stat-label">{label}</span>
      <span className="iv-stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  )
}

function ConfusionMatrix({
  e,
  selected,
  onSelect,
}: {
  e: Evaluation
  selected: { t: number; p: number } | null
  onSelect(t: number, p: number): void
}): React.JSX.Element {
  const n = e.classNames.length
  const size = n <= 10 ? 40 : n <= 20 ? 26 : Math.max(8, Math.floor(560 / n))
  const showCounts = n <= 20
  return (
    <figure className="iv-cm" data-testid="confusion-matrix">
      <figcaption>
        Confusion matrix{' '}
        <span className="iv-muted">
          — rows: true class, columns: predicted. Click a cell to see its images.
        </span>
      </figcaption>
      <div className="iv-cm-grid" style={{ gridTemplateColumns: `auto repeat(${n}, ${size}px)` }}>
        <span />
        {e.classNames.map((c, p) => (
          <span key={p} className="iv-cm-label top" title={c}>
            {showCounts ? c : ''}
          </span>
        ))}
        {e.confusionMatrix.map((row, t) => {
          const total = row.reduce((a, b) => a + b, 0)
          return [
            <span key={`l${t}`} className="iv-cm-label" title={e.classNames[t]}>
              {e.classNames[t]}
            </span>,
            ...row.map((count, p) => {
              const share = total > 0 ? count / total : 0
              // Square root: a handful of mistakes among a thousand must still show.
              const alpha = count === 0 ? 0 : 0.12 + 0.88 * Math.sqrt(share)
              const isSel = selected?.t === t && selected.p === p
              return (
                <button
                  key={p}
                  className={`iv-cm-cell${t === p ? ' diag' : ''}${alpha > 0.6 ? ' strong' : ''}${isSel ? ' selected' : ''}`}
                  style={{ height: size, ['--a' as string]: alpha.toFixed(3) }}
                  title={`${count} ${e.classNames[t]} predicted as ${e.classNames[p]} (${(share * 100).toFixed(1)}% of the row)`}
                  onClick={() => onSelect(t, p)}
                  data-testid={`cm-cell-${t}-${p}`}
                  data-count={count}
                >
                  {showCounts && count > 0 ? count : ''}
                </button>
              )
            }),
          ]
        })}
      </div>
    </figure>
  )
}

function PerClass({ e }: { e: Evaluation }): React.JSX.Element {
  return (
    <table className="iv-table" data-testid="per-class">
      <thead>
        <tr>
          <th>Class</th>
          <th>Precision</th>
          <th>Recall</th>
          <th>Images</th>
        </tr>
      </thead>
      <tbody>
        {e.perClass.map((c, i) => (
          <tr key={i}>
            <td>{e.classNames[i]}</td>
            <td className="iv-num">
              <Bar value={c.precision} />
            </td>
            <td className="iv-num">
              <Bar value={c.recall} />
            </td>
            <td className="iv-num">{c.support.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Bar({ value }: { value: number | null }): React.JSX.Element {
  return (
    <span className="iv-pbar" title={value === null ? 'no predictions of this class' : undefined}>
      <span style={{ width: `${(value ?? 0) * 100}%` }} />
      <em>{pct(value, 1)}</em>
    </span>
  )
}
