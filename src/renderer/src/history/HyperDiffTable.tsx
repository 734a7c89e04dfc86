import { useState } from 'react'
import { formatHyper, hyperparameterDiff } from '../../../shared/runs'
import { runColour } from '../charts/theme'
import type { RunDetail } from '../../../shared/api'

/** The compared runs' recipes side by side; differing rows first and marked. */
export function HyperDiffTable({ runs }: { runs: RunDetail[] }): React.JSX.Element {
  const rows = hyperparameterDiff(
    runs.map((r) => ({
      hyperparameters: {
        dataset: r.datasetName ?? r.datasetId,
        design: r.designName,
        ...r.hyperparameters,
      },
    })),
  )
  const differing = rows.filter((r) => r.differs).length
  const [all, setAll] = useState(false)
  const shown = all || differing === 0 ? rows : rows.filter((r) => r.differs)
  return (
    <section className="hv-card" data-testid="hyper-diff">
      <div className="hv-card-head">
        <h3 className="tp-heading">
          Hyperparameters — {differing === 0 ? 'all the same' : `${differing} differ`}
        </h3>
        {differing > 0 && (
          <button className="btn small ghost" onClick={() => setAll(!all)} data-testid="hyper-all">
            {all ? 'Only the differences' : `Show all ${rows.length}`}
          </button>
        )}
      </div>
      <table className="hv-diff">
        <thead>
          <tr>
            <th />
            {runs.map((r, i) => (
              <th key={r.id} style={{ color: runColour(i) }}>
                #{r.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr
              key={row.key}
              className={row.differs ? 'differs' : undefined}
              data-testid="hyper-row"
              data-key={row.key}
              data-differs={row.differs}
            >
              <th>{row.key}</th>
              {row.values.map((v, i) => (
                <td key={i}>{formatHyper(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
