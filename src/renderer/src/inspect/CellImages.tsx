import { useEffect, useRef } from 'react'
import { api } from '../api'
import { useAsync } from '../train/useAsync'

interface Props {
  runId: number
  trueClass: number
  predictedClass: number
  classNames: string[]
  count: number
  onClose(): void
}

/** The test images of one confusion-matrix cell, the most confident first, with their probabilities. */
export function CellImages({
  runId,
  trueClass,
  predictedClass,
  classNames,
  count,
  onClose,
}: Props): React.JSX.Element {
  const cell = useAsync(
    () => api.inspect.cell({ runId, trueClass, predictedClass, count: 60 }),
    [runId, trueClass, predictedClass],
  )
  const right = trueClass === predictedClass
  const ref = useRef<HTMLElement>(null)
  // The images open below the matrix, often out of sight: bring them in.
  // (A block body: newer Chromium's scrollIntoView returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [trueClass, predictedClass])
  return (
    <section className="iv-cell" data-testid="cell-images" ref={ref}>
      <header>
        <h3>
          {count.toLocaleString()} × <b>{classNames[trueClass]}</b>{' '}
          {right ? (
            'recognised'
          ) : (
            <>
              predicted as <b>{classNames[predictedClass]}</b>
            </>
          )}
        </h3>
        <button className="icon-btn" onClick={onClose} aria-label="Close the cell">
          ✕
        </button>
      </header>
      {cell.state === 'loading' && <p className="iv-muted">Loading images…</p>}
      {cell.state === 'error' && <p className="iv-error">{cell.message}</p>}
      {cell.state === 'ready' &&
        (cell.data.items.length === 0 ? (
          <p className="iv-muted">No test image here.</p>
        ) : (
          <div className="iv-thumbs">
            {cell.data.items.map((it) => (
              <figure
                key={it.index}
                className="iv-thumb"
                data-testid="cell-image"
                title={it.top
                  .map((c) => `${c.className} ${(c.probability * 100).toFixed(1)}%`)
                  .join('\n')}
              >
                <img src={it.image} alt={`test image ${it.index}`} />
                <figcaption>
                  <span className={right ? 'ok' : 'bad'}>{(it.probability * 100).toFixed(0)}%</span>
                  <span className="iv-muted">#{it.index}</span>
                  {!right && (
                    <span className="iv-muted iv-true">
                      {classNames[trueClass]}: {(it.trueProbability * 100).toFixed(0)}%
                    </span>
                  )}
                </figcaption>
              </figure>
            ))}
            {cell.data.total > cell.data.items.length && (
              <p className="iv-muted">… and {cell.data.total - cell.data.items.length} more</p>
            )}
          </div>
        ))}
    </section>
  )
}
