import { useEffect, useState } from 'react'
import type { ResponseOf } from '../../../shared/api'
import { api } from '../api'
import type { Summary } from './InspectOverlay'
import { useInspect } from './inspectStore'
import { LayerSelect } from './LayerSelect'
import { ProgressLine } from './ProgressLine'
import { useJob } from './useJob'

type Patches = ResponseOf<'inspect:topPatches'>

/** The nine validation patches where one filter fires most (Zeiler & Fergus), each in its image. */
export function PatchesTab({ summary }: { summary: Summary }): React.JSX.Element {
  const target = useInspect((s) => s.patchTarget)
  const first = summary.layers.find((l) => l.conv !== null) ?? summary.layers[0]
  const [layer, setLayer] = useState(target?.layer ?? first?.name ?? '')
  const [filter, setFilter] = useState(target?.filter ?? 0)
  const [samples, setSamples] = useState(2000)
  const { job, run, cancel } = useJob<Patches>()
  const info = summary.layers.find((l) => l.name === layer)
  const channels = info?.shape[2] ?? 0
  const find = (l = layer, f = filter): void =>
    run((jobId) =>
      api.inspect.topPatches({ runId: summary.runId, layer: l, filter: f, samples, jobId }),
    )
  useEffect(() => {
    if (target) find(target.layer, target.filter)
  }, [target]) // eslint-disable-line react-hooks/exhaustive-deps -- a filter clicked elsewhere starts the scan
  if (!first) return <p className="iv-muted">This network has no layer with a feature map.</p>
  return (
    <div className="iv-patches">
      <div className="iv-toolbar">
        <LayerSelect
          layers={summary.layers}
          value={layer}
          onChange={(l) => (setLayer(l), setFilter(0))}
          testId="patches-layer"
        />
        <label className="iv-field">
          Filter
          <input
            className="tp-input iv-short"
            type="number"
            min={0}
            max={channels - 1}
            value={filter}
            onChange={(e) =>
              setFilter(Math.max(0, Math.min(channels - 1, Number(e.target.value) || 0)))
            }
            data-testid="patches-filter"
          />
          <span className="iv-muted">of {channels}</span>
        </label>
        <label className="iv-field">
          Scan
          <select
            className="tp-input"
            value={samples}
            onChange={(e) => setSamples(Number(e.target.value))}
          >
            {[500, 2000, 10000, 60000].map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString()} validation images
              </option>
            ))}
          </select>
        </label>
        <button
          className="btn primary"
          onClick={() => find()}
          disabled={job.state === 'running'}
          data-testid="patches-find"
        >
          Find top 9
        </button>
      </div>
      {job.state === 'idle' && (
        <p className="iv-muted">
          Choose a layer and a filter (or click a filter in the Filters tab) to find the validation
          images that excite it most.
        </p>
      )}
      {job.state === 'running' && (
        <ProgressLine
          label="Scanning validation images"
          done={job.done}
          total={job.total}
          onCancel={cancel}
        />
      )}
      {job.state === 'error' && <p className="iv-error">{job.message}</p>}
      {job.state === 'ready' && <PatchGrid r={job.data} />}
    </div>
  )
}

function PatchGrid({ r }: { r: Patches }): React.JSX.Element {
  return (
    <>
      <p className="iv-muted">
        {r.layer}, filter {r.filter}: receptive field {r.receptiveField}×{r.receptiveField} px,
        stride {r.stride}; {r.scanned.toLocaleString()} images scanned
        {r.cancelled ? ' (cancelled: best so far)' : ''}. Each image gives its strongest unit; the
        box is what that unit sees, clipped at the border.
      </p>
      <div className="iv-patch-grid" data-testid="patches">
        {r.patches.map((p, i) => (
          <figure key={p.index} className="iv-patch" data-testid="patch">
            <img className="iv-patch-crop" src={p.patch} alt={`patch ${i + 1}`} />
            <div className="iv-patch-full">
              <img src={p.image} alt={`validation image ${p.index}`} />
              <PatchBox box={p.box} image={p.image} />
            </div>
            <figcaption>
              #{i + 1} · {p.className} · <span className="iv-num">{p.activation.toFixed(3)}</span>
            </figcaption>
          </figure>
        ))}
      </div>
    </>
  )
}

/** The receptive-field box over the whole image, in percent of its size (read from the PNG header). */
function PatchBox({
  box,
  image,
}: {
  box: Patches['patches'][number]['box']
  image: string
}): React.JSX.Element {
  const [w, h] = pngSize(image)
  return (
    <span
      className="iv-box"
      style={{
        left: `${(box.left / w) * 100}%`,
        top: `${(box.top / h) * 100}%`,
        width: `${((box.right - box.left + 1) / w) * 100}%`,
        height: `${((box.bottom - box.top + 1) / h) * 100}%`,
      }}
    />
  )
}

/** Width and height from a PNG data URL's IHDR chunk (bytes 16–23). */
function pngSize(dataUrl: string): [number, number] {
  const bytes = atob(dataUrl.slice(dataUrl.indexOf(',') + 1, dataUrl.indexOf(',') + 1 + 32))
  const u32 = (o: number) =>
    ((bytes.charCodeAt(o) << 24) |
      (bytes.charCodeAt(o + 1) << 16) |
      (bytes.charCodeAt(o + 2) << 8) |
      bytes.charCodeAt(o + 3)) >>>
    0
  return [u32(16) || 1, u32(20) || 1]
}
