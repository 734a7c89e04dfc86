import { ArchDiffView } from './ArchDiffView'
import { BubbleChart } from './BubbleChart'
import { HyperDiffTable } from './HyperDiffTable'
import { OverlayChart } from './OverlayChart'
import { useCompareRuns } from './useCompareData'

/** 2–10 runs side by side: curves, recipes, architectures, accuracy against cost. */
export function CompareView({
  runIds,
  onClose,
}: {
  runIds: number[]
  onClose(): void
}): React.JSX.Element {
  const data = useCompareRuns(runIds)
  return (
    <div className="hv-compare" data-testid="compare">
      <header className="hv-compare-head">
        <button className="btn small" onClick={onClose} data-testid="compare-close">
          ← Back to runs
        </button>
        <h2>Comparing {runIds.length} runs</h2>
      </header>
      {data.state === 'loading' && <p className="tp-hint">Loading runs…</p>}
      {data.state === 'error' && <p className="tp-error">Could not load: {data.message}</p>}
      {data.state === 'ready' && (
        <>
          <OverlayChart details={data.data} />
          <div className="hv-two">
            <HyperDiffTable runs={data.data} />
            <BubbleChart runs={data.data} />
          </div>
          <ArchDiffView runs={data.data} />
        </>
      )}
    </div>
  )
}
