import { useState } from 'react'
import type { InspectImage } from '../../../shared/api'
import { api } from '../api'
import { useAsync } from '../train/useAsync'

const PAGE = 16

interface Props {
  datasetId: string
  testCount: number
  value: InspectImage | null
  onChange(image: InspectImage, preview: string): void
}

/** Pick an image: drop (or choose) a file, or click one of the run's test images. */
export function ImagePicker({ datasetId, testCount, value, onChange }: Props): React.JSX.Element {
  const [offset, setOffset] = useState(0)
  const [over, setOver] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const page = useAsync(
    () => api.datasets.samples({ id: datasetId, split: 'test', offset, count: PAGE }),
    [datasetId, offset],
  )
  const read = (file: File | undefined): void => {
    if (!file) return
    if (!file.type.startsWith('image/')) return setError(`${file.name} is not an image`)
    if (file.size > 16 * 1024 * 1024) return setError(`${file.name} is larger than 16 MB`)
    setError(null)
    const reader = new FileReader()
    reader.onload = () =>
      onChange(
        { kind: 'file', data: String(reader.result), name: file.name },
        String(reader.result),
      )
    reader.onerror = () => setError(`cannot read ${file.name}`)
    reader.readAsDataURL(file)
  }
  return (
    <div className="iv-picker">
      <label
        className={`iv-drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          read(e.dataTransfer.files[0])
        }}
        data-testid="image-drop"
      >
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          onChange={(e) => read(e.target.files?.[0])}
          data-testid="image-file"
        />
        <strong>Drop an image</strong> or click to choose one
        <span className="iv-muted">resized, cropped and normalised as in training</span>
      </label>
      {error && <p className="iv-error">{error}</p>}
      <div className="iv-picker-head">
        <span>or a test image</span>
        <button
          className="btn small"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
          aria-label="Previous test images"
        >
          ‹
        </button>
        <span className="iv-muted iv-num">
          {offset + 1}–{Math.min(testCount, offset + PAGE)} of {testCount.toLocaleString()}
        </span>
        <button
          className="btn small"
          disabled={offset + PAGE >= testCount}
          onClick={() => setOffset(offset + PAGE)}
          aria-label="Next test images"
        >
          ›
        </button>
      </div>
      <div className="iv-test-strip">
        {page.state === 'ready' &&
          page.data.samples.map((s) => (
            <button
              key={s.index}
              className={`iv-test-img${value?.kind === 'test' && value.index === s.index ? ' selected' : ''}`}
              onClick={() => onChange({ kind: 'test', index: s.index }, s.image)}
              title={`test image ${s.index}: ${s.className}`}
              data-testid={`test-image-${s.index}`}
            >
              <img src={s.image} alt={s.className} />
            </button>
          ))}
      </div>
    </div>
  )
}
