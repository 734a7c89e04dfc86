import { useState } from 'react'
import type { InspectImage, ResponseOf } from '../../../shared/api'
import { api } from '../api'
import { errorText } from '../train/useAsync'
import { ImagePicker } from './ImagePicker'
import type { Summary } from './InspectOverlay'
import { LayerSelect } from './LayerSelect'

type Maps = ResponseOf<'inspect:featureMaps'>

/** One image's activations at a chosen layer, one normalised grey map per channel. */
export function FeatureMapsTab({ summary }: { summary: Summary }): React.JSX.Element {
  const [layer, setLayer] = useState(summary.layers[0]?.name ?? '')
  const [image, setImage] = useState<InspectImage | null>(null)
  const [maps, setMaps] = useState<
    { state: 'busy' } | { state: 'ready'; data: Maps } | { state: 'error'; message: string } | null
  >(null)
  const load = (l: string, img: InspectImage | null): void => {
    if (!img || !l) return
    setMaps({ state: 'busy' })
    api.inspect.featureMaps({ runId: summary.runId, layer: l, image: img }).then(
      (data) => setMaps({ state: 'ready', data }),
      (e: unknown) => setMaps({ state: 'error', message: errorText(e) }),
    )
  }
  if (summary.layers.length === 0)
    return <p className="iv-muted">This network has no layer with a feature map.</p>
  return (
    <div className="iv-split">
      <ImagePicker
        datasetId={summary.datasetId}
        testCount={summary.testCount}
        value={image}
        onChange={(img) => (setImage(img), load(layer, img))}
      />
      <div className="iv-result">
        <div className="iv-toolbar">
          <LayerSelect
            layers={summary.layers}
            value={layer}
            onChange={(l) => (setLayer(l), load(l, image))}
            testId="maps-layer"
          />
        </div>
        {maps === null && (
          <p className="iv-muted">Choose an image to see its activations at this layer.</p>
        )}
        {maps?.state === 'busy' && <p className="iv-muted">Computing…</p>}
        {maps?.state === 'error' && <p className="iv-error">{maps.message}</p>}
        {maps?.state === 'ready' && (
          <>
            <p className="iv-muted">
              {maps.data.layer}: {maps.data.shape.join('×')}
              {maps.data.maps.length < (maps.data.shape[2] ?? 0)
                ? `, first ${maps.data.maps.length} channels`
                : ''}
              ; each map scaled to its own range (black = its minimum).
            </p>
            <div className="iv-maps" data-testid="feature-maps">
              {maps.data.maps.map((m) => (
                <figure
                  key={m.channel}
                  title={`channel ${m.channel}: ${m.min.toFixed(3)} … ${m.max.toFixed(3)}`}
                >
                  <img src={m.image} alt={`channel ${m.channel}`} />
                  <figcaption>{m.channel}</figcaption>
                </figure>
              ))}
            </div>
          </>
        )}
      </div>
    </div>
  )
}
