import { useState } from 'react'
import { api } from '../api'
import { useAsync } from '../train/useAsync'
import type { Summary } from './InspectOverlay'
import { useInspect } from './inspectStore'
import { LayerSelect } from './LayerSelect'

/** A conv layer's kernels as images (colour for the first layer on RGB input); click one for its top-9 patches. */
export function FiltersTab({ summary }: { summary: Summary }): React.JSX.Element {
  const convs = summary.layers.filter((l) => l.conv !== null)
  const [layer, setLayer] = useState(convs[0]?.name ?? '')
  const showPatches = useInspect((s) => s.showPatches)
  const filters = useAsync(
    () =>
      layer
        ? api.inspect.filters({ runId: summary.runId, layer })
        : Promise.reject(new Error('This network has no conv layer.')),
    [summary.runId, layer],
  )
  if (convs.length === 0)
    return <p className="iv-muted">This network has no convolution layer: nothing to draw.</p>
  return (
    <div className="iv-filters">
      <div className="iv-toolbar">
        <LayerSelect layers={convs} value={layer} onChange={setLayer} testId="filters-layer" />
        {filters.state === 'ready' && (
          <span className="iv-muted">
            {filters.data.filters} filters of {filters.data.kernel.join('×')}×
            {filters.data.inChannels}
            {filters.data.colour
              ? ' drawn in colour'
              : filters.data.inChannels > 1
                ? `, one grey kernel per input channel (first ${filters.data.shownChannels})`
                : ''}
            {filters.data.items.length < filters.data.filters
              ? `; first ${filters.data.items.length} shown`
              : ''}
            . Each filter is scaled to its own range. Click one for the images that excite it most.
          </span>
        )}
      </div>
      {filters.state === 'loading' && <p className="iv-muted">Loading kernels…</p>}
      {filters.state === 'error' && <p className="iv-error">{filters.message}</p>}
      {filters.state === 'ready' && (
        <div
          className={`iv-filter-grid${filters.data.colour || filters.data.inChannels === 1 ? ' square' : ' rows'}`}
          data-testid="filters-grid"
          data-filters={filters.data.items.length}
          data-channels={filters.data.shownChannels}
        >
          {filters.data.items.map((f) => (
            <button
              key={f.index}
              className="iv-filter"
              onClick={() => showPatches(layer, f.index)}
              title={`filter ${f.index}: weights ${f.min.toFixed(3)} … ${f.max.toFixed(3)}`}
              data-testid={`filter-${f.index}`}
            >
              <img
                src={f.image}
                alt={`filter ${f.index}`}
                style={
                  filters.data.colour || filters.data.inChannels === 1
                    ? undefined
                    : { height: filters.data.kernel[0]! * 6 }
                }
              />
              <span>{f.index}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
