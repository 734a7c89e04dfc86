import type { InspectLayer } from '../../../shared/api'

/** A layer menu: name, kind, output shape and receptive field. */
export function LayerSelect({
  layers,
  value,
  onChange,
  testId,
}: {
  layers: InspectLayer[]
  value: string
  onChange(name: string): void
  testId: string
}): React.JSX.Element {
  return (
    <label className="iv-field">
      Layer
      <select
        className="tp-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {layers.map((l) => (
          <option key={l.name} value={l.name}>
            {l.name} · {l.kind} · {l.shape.join('×')}
            {l.receptiveField !== null ? ` · RF ${l.receptiveField}px` : ''}
          </option>
        ))}
      </select>
    </label>
  )
}
