import { useMemo, useState } from 'react'
import { describeMemory, formatBytes, memoryForecast } from '../../../../shared/graph'
import { defaultRecipe } from '../../../../shared/runs/recipe'
import { useEditor } from '../EditorContext'
import { compact, exact } from '../nodes/format'
import { selectDiagnostics, selectTotals } from '../store/selectors'
import { DiagnosticItem } from './DiagnosticItem'

interface Props {
  onFocusNode(nodeId: string): void
}

/** The bottom bar: the network's totals, and its problems (click one to go to its block). */
export function TotalsBar({ onFocusNode }: Props): React.JSX.Element {
  const totals = useEditor(selectTotals)
  const diagnostics = useEditor(selectDiagnostics)
  const analysis = useEditor((s) => s.analysis)
  const name = useEditor((s) => s.name)
  // At the batch and optimizer the Train view will start from; it counts the user's own there.
  const recipe = useMemo(() => defaultRecipe({ name }).recipe, [name])
  const memory = memoryForecast(analysis, recipe)
  const [open, setOpen] = useState(true)
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.length - errors
  return (
    <footer className="totals" data-testid="totals">
      <div className="totals-row">
        <Figure
          label="Parameters"
          value={compact(totals.params)}
          title={`${exact(totals.params)} trainable, ${exact(totals.nonTrainableParams)} non-trainable`}
          testid="total-params"
          exactValue={totals.params}
        />
        <Figure
          label="MACs"
          value={compact(totals.macs)}
          title={`${exact(totals.macs)} multiply-accumulates per image`}
          testid="total-macs"
          exactValue={totals.macs}
        />
        <Figure
          label="Activations"
          value={formatBytes(totals.activations * 4)}
          title={`${exact(totals.activations)} values per image (float32)`}
          testid="total-activations"
          exactValue={totals.activations}
        />
        <Figure
          label={`Training memory, batch ${recipe.batchSize}`}
          value={formatBytes(memory.total)}
          title={`${describeMemory(memory)} (${recipe.optimizer}); the Train view counts your own batch size`}
          testid="total-memory"
          exactValue={memory.total}
        />
        <Figure
          label="Depth"
          value={String(totals.depth)}
          title="Weight layers on the longest path"
          testid="total-depth"
          exactValue={totals.depth}
        />
        <button
          className={`diag-toggle ${errors ? 'error' : warnings ? 'warning' : 'ok'}`}
          onClick={() => setOpen(!open)}
          data-testid="diag-toggle"
        >
          {errors === 0 && warnings === 0
            ? '✓ No problems'
            : `${errors} error${errors === 1 ? '' : 's'} · ${warnings} warning${warnings === 1 ? '' : 's'}`}
          {diagnostics.length > 0 && <span className="chev">{open ? '▾' : '▸'}</span>}
        </button>
      </div>
      {open && diagnostics.length > 0 && (
        <ul className="diag-list bottom" data-testid="diagnostics">
          {diagnostics.map((d, i) => (
            <DiagnosticItem
              key={`${d.nodeId}:${d.code}:${i}`}
              diagnostic={d}
              onFocus={onFocusNode}
              topLevel
            />
          ))}
        </ul>
      )}
    </footer>
  )
}

function Figure(props: {
  label: string
  value: string
  title: string
  testid: string
  exactValue: number
}): React.JSX.Element {
  return (
    <div className="figure" title={props.title}>
      <span className="figure-label">{props.label}</span>
      <span className="figure-value mono" data-testid={props.testid} data-value={props.exactValue}>
        {props.value}
      </span>
    </div>
  )
}
