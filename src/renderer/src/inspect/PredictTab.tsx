import { useState } from 'react'
import type { InspectImage, ResponseOf } from '../../../shared/api'
import { api } from '../api'
import { errorText } from '../train/useAsync'
import { ImagePicker } from './ImagePicker'
import type { Summary } from './InspectOverlay'

type Prediction = ResponseOf<'inspect:predict'>

/** Drop an image or pick a test image; see the five most probable classes. */
export function PredictTab({ summary }: { summary: Summary }): React.JSX.Element {
  const [image, setImage] = useState<InspectImage | null>(null)
  const [result, setResult] = useState<
    | { state: 'busy' }
    | { state: 'ready'; data: Prediction }
    | { state: 'error'; message: string }
    | null
  >(null)
  const predict = (img: InspectImage): void => {
    setImage(img)
    setResult({ state: 'busy' })
    api.inspect.predict({ runId: summary.runId, image: img }).then(
      (data) => setResult({ state: 'ready', data }),
      (e: unknown) => setResult({ state: 'error', message: errorText(e) }),
    )
  }
  return (
    <div className="iv-split">
      <ImagePicker
        datasetId={summary.datasetId}
        testCount={summary.testCount}
        value={image}
        onChange={(img) => predict(img)}
      />
      <div className="iv-result" data-testid="prediction">
        {result === null && (
          <p className="iv-muted">Choose an image to see what the network makes of it.</p>
        )}
        {result?.state === 'busy' && <p className="iv-muted">Predicting…</p>}
        {result?.state === 'error' && <p className="iv-error">{result.message}</p>}
        {result?.state === 'ready' && (
          <>
            <figure className="iv-input">
              <img src={result.data.input} alt="what the network sees" />
              <figcaption className="iv-muted">
                What the network sees ({summary.inputShape.join('×')})
                {result.data.label !== null && (
                  <>
                    {' '}
                    · true class <b>{summary.classNames[result.data.label]}</b>
                  </>
                )}
              </figcaption>
            </figure>
            <ol className="iv-top5">
              {result.data.top.map((c, i) => (
                <li
                  key={c.classIndex}
                  className={result.data.label === c.classIndex ? 'true' : ''}
                  data-testid="prediction-class"
                >
                  <span className="iv-top5-name">{c.className}</span>
                  <span className="iv-pbar wide">
                    <span
                      style={{ width: `${c.probability * 100}%` }}
                      className={i === 0 ? 'first' : ''}
                    />
                    <em>{(c.probability * 100).toFixed(1)}%</em>
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  )
}
