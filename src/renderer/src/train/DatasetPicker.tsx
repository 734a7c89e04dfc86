import type { DatasetSummary } from '../../../shared/api'
import { api } from '../api'
import { ImportDatasetButton, useSelectImported } from '../datasets'
import { useAsync } from './useAsync'

/** Dataset choice with a strip of sample images and the examples per class. */
export function DatasetPicker({
  datasets,
  value,
  onChange,
}: {
  datasets: DatasetSummary[]
  value: string
  onChange(id: string): void
}): React.JSX.Element {
  const chosen = datasets.find((d) => d.id === value)
  useSelectImported(value, datasets, onChange)
  const preview = useAsync(
    () => (value ? api.datasets.preview({ id: value, perClass: 2 }) : Promise.resolve(null)),
    [value],
  )
  return (
    <section className="tp-section" data-testid="dataset-picker">
      <label className="tp-label" htmlFor="tp-dataset">
        Dataset
      </label>
      <div className="ds-picker-row">
        <select
          id="tp-dataset"
          className="tp-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid="dataset-select"
        >
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} — {d.shape.join('×')}, {d.classes.length} classes
            </option>
          ))}
        </select>
        <ImportDatasetButton />
      </div>
      {chosen && (
        <p className="tp-hint">
          {chosen.counts.train.toLocaleString()} training and {chosen.counts.test.toLocaleString()}{' '}
          test images of {chosen.shape.join('×')}
        </p>
      )}
      {preview.state === 'ready' && preview.data && (
        <>
          <div className="tp-samples" aria-label="Sample images">
            {preview.data.samples.map((s) => (
              <img
                key={`${s.split}-${s.index}`}
                src={s.image}
                alt={s.className}
                title={s.className}
              />
            ))}
          </div>
          <ClassCounts
            classes={preview.data.classes}
            counts={preview.data.histogram.train.map(
              (n, i) => n + (preview.data?.histogram.test[i] ?? 0),
            )}
          />
        </>
      )}
      {preview.state === 'error' && (
        <p className="tp-error">Could not preview: {preview.message}</p>
      )}
    </section>
  )
}

function ClassCounts({
  classes,
  counts,
}: {
  classes: string[]
  counts: number[]
}): React.JSX.Element {
  const max = Math.max(1, ...counts)
  const shown = classes.slice(0, 20)
  return (
    <div className="tp-classes" data-testid="class-counts">
      {shown.map((c, i) => (
        <div
          key={c}
          className="tp-class"
          title={`${c}: ${(counts[i] ?? 0).toLocaleString()} images`}
        >
          <span className="tp-class-name">{c}</span>
          <span className="tp-class-bar">
            <span style={{ width: `${((counts[i] ?? 0) / max) * 100}%` }} />
          </span>
          <span className="tp-class-count">{(counts[i] ?? 0).toLocaleString()}</span>
        </div>
      ))}
      {classes.length > shown.length && (
        <p className="tp-hint">and {classes.length - shown.length} more classes</p>
      )}
    </div>
  )
}
