import { describeMemory, memoryForecast, memoryProblem } from '../../../shared/graph'
import { BACKEND_PINS, PIN_LABELS, type BackendPin } from '../../../shared/training/backends'
import { useMemo, useState } from 'react'
import { useStore } from 'zustand'
import type { DatasetSummary } from '../../../shared/api'
import {
  adaptToDataset,
  fitProblems,
  defaultRecipe,
  hasShortcuts,
  plainTwin,
  toHyperparameters,
  type Recipe,
} from '../../../shared/runs'
import { api } from '../api'
import { duration, si } from '../charts/format'
import { ImportDatasetButton } from '../datasets'
import type { EditorStoreApi } from '../editor/store/createEditorStore'
import type { EditorStore } from '../editor/store/types'
import { useSystemInfo } from '../shell/SystemInfoContext'
import { toast } from '../ui/toasts'
import { DatasetPicker } from './DatasetPicker'
import { FitCheck } from './FitCheck'
import { HyperForm } from './HyperForm'
import { useLive } from './liveStore'
import { askNotificationPermission } from './notify'
import { errorText } from './useAsync'
import { useForecast } from './useForecast'
import { useMeasure, type Measurement } from './useMeasure'

const selectSerial = (s: EditorStore) => s.serial
const selectName = (s: EditorStore) => s.name
const selectAnalysis = (s: EditorStore) => s.analysis
const selectStatusSerial = (s: { statusSerial: number }) => s.statusSerial

/** "≈ 12 s per epoch on wasm (measured: 3 steps, 41 ms/step)". */
function measuredText(m: {
  msPerEpoch: number
  backend: string
  steps: number
  msPerStep: number
}): string {
  const ms = m.msPerStep < 10 ? m.msPerStep.toFixed(1) : String(Math.round(m.msPerStep))
  return `≈ ${duration(m.msPerEpoch)} per epoch on ${m.backend} (measured: ${m.steps} steps, ${ms} ms/step)`
}

/** Why the line above is the rough estimate rather than a measurement (null when it is measured). */
function measureNote(m: Measurement): string | null {
  switch (m.state) {
    case 'idle':
    case 'ready':
      return null
    case 'measuring':
      return 'Measuring a few training steps…'
    case 'busy':
      return 'Not measured while a run trains on this machine (it would slow the run and skew the numbers).'
    case 'failed':
      return `Measurement failed, so this is the rough estimate: ${m.message}`
    default:
      return m satisfies never
  }
}

/** The left column of the Train view: design, dataset, recipe, backend, forecast, start. */
export function TrainForm({
  editor,
  datasets,
  onStarted,
}: {
  editor: EditorStoreApi
  datasets: DatasetSummary[]
  onStarted(runId: number): void
}): React.JSX.Element {
  const info = useSystemInfo()
  const serial = useStore(editor, selectSerial)
  const name = useStore(editor, selectName)
  const analysis = useStore(editor, selectAnalysis)
  const statusSerial = useLive(selectStatusSerial)
  // The document serial changes with every edit (and only then), so the design is rebuilt per edit.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const design = useMemo(() => editor.getState().design(), [editor, serial, name])

  const [datasetId, setDatasetId] = useState(() => datasets[0]?.id ?? '')
  const dataset = datasets.find((d) => d.id === datasetId)
  const [{ recipe, source }, setRecipeState] = useState(() => defaultRecipe(design))
  const setRecipe = (r: Recipe): void => setRecipeState({ recipe: r, source })
  const [backend, setBackend] = useState<BackendPin>('auto')
  const [runName, setRunName] = useState('')
  const [busy, setBusy] = useState(false)
  const [adaptError, setAdaptError] = useState<string | null>(null)

  // Another design (a template opened, a file imported) brings its own suggested recipe.
  const [recipeFor, setRecipeFor] = useState(name)
  if (recipeFor !== name) {
    setRecipeFor(name)
    setRecipeState(defaultRecipe({ name }))
  }

  const problems = useMemo(
    () => (dataset ? fitProblems(analysis, dataset) : []),
    [analysis, dataset],
  )
  const residual = useMemo(() => hasShortcuts(design), [design])
  const effectiveBackend = backend === 'auto' ? (info.backend?.name ?? null) : backend
  const { forecast, examples, loading } = useForecast({
    macs: analysis.totals.macs,
    trainCount: dataset?.counts.train ?? null,
    valFraction: recipe.valFraction,
    limit: recipe.limit ?? null,
    backend: effectiveBackend,
    nativeKernels:
      info.backend && effectiveBackend === info.backend.name
        ? info.backend.nativeKernels !== null
        : null,
    serial: statusSerial,
  })

  const memory = memoryForecast(analysis, recipe)
  // The supervisor refuses what cannot fit the pinned backend; on 'auto' the form warns about
  // the backend the run will most likely get and leaves the start to the user.
  const refused = memoryProblem(memory, backend)
  const memoryWarning = refused ?? memoryProblem(memory, effectiveBackend)
  const hyperparameters = toHyperparameters(recipe)
  const measureRequest =
    dataset && problems.length === 0
      ? { design, datasetId: dataset.id, hyperparameters, backend }
      : null
  const { measurement, measure } = useMeasure(measureRequest, statusSerial)
  const estimate = loading
    ? 'Estimating time per epoch…'
    : forecast
      ? `≈ ${duration(forecast.ms)} per epoch (${examples?.toLocaleString()} images at ≈ ${Math.round(forecast.imagesPerSec).toLocaleString()}/s on ${effectiveBackend ?? 'this backend'}${forecast.nativeKernels ? ' with native kernels' : ''}; from MACs and the speed of ${forecast.basis} past run${forecast.basis === 1 ? '' : 's'})`
      : `${examples?.toLocaleString() ?? '—'} images per epoch; time per epoch shows after a first run measures this machine's speed on ${effectiveBackend ?? 'this backend'}`

  const adapt = (): void => {
    if (!dataset) return
    const r = adaptToDataset(design, dataset)
    if (!r.ok) return setAdaptError(r.error)
    setAdaptError(null)
    const s = editor.getState()
    // Through the editor's own action, so the change is one undoable step there.
    for (const id of r.changed) s.updateParams(id, r.design.nodes.find((n) => n.id === id)!.params)
    toast('success', `Adapted ${r.changed.join(' and ')} to ${dataset.name}`)
  }

  /** Starts (or queues) the design; with `paired`, its plain twin right behind it (the ablation). */
  const start = async (paired: boolean): Promise<void> => {
    if (!dataset) return
    askNotificationPermission()
    setBusy(true)
    const base = runName.trim()
    const designId = editor.getState().designId
    const body = { datasetId: dataset.id, hyperparameters, backend }
    try {
      const res = await api.runs.start({
        ...body,
        design,
        ...(base ? { name: base } : {}),
        ...(designId !== null ? { designId } : {}),
      })
      const label = base || (dataset ? `${design.name} on ${dataset.name}` : design.name)
      toast('info', res.status === 'queued' ? `Queued ${label}` : `Started ${label}`)
      onStarted(res.runId)
      if (paired) {
        const twin = plainTwin(design)
        await api.runs.start({
          ...body,
          design: twin,
          ...(base ? { name: `${base} (plain twin)` } : {}),
        })
        toast('info', `Queued its plain twin: ${twin.name}`)
        onStarted(res.runId)
      }
    } catch (e) {
      toast('error', `Could not start: ${errorText(e)}`)
    } finally {
      setBusy(false)
    }
  }

  const canStart = dataset !== undefined && problems.length === 0 && refused === null && !busy
  return (
    <div className="tp-form" data-testid="train-form">
      <section className="tp-section tp-design" data-testid="train-design">
        <h3 className="tp-heading">Design</h3>
        <div className="tp-design-name">{name}</div>
        <div className="tp-design-stats">
          <span>{si(analysis.totals.params)} params</span>
          <span>{si(analysis.totals.macs)} MACs</span>
          <span>depth {analysis.totals.depth}</span>
        </div>
        {source && <p className="tp-hint">Recipe suggested by the {source} template</p>}
      </section>
      {datasets.length === 0 ? (
        <p className="tp-problem">
          No dataset yet: import one (IDX, CIFAR binary or an image folder). <ImportDatasetButton />
        </p>
      ) : (
        <DatasetPicker datasets={datasets} value={datasetId} onChange={setDatasetId} />
      )}
      {dataset && <FitCheck problems={problems} onAdapt={adapt} adaptError={adaptError} />}
      <HyperForm recipe={recipe} onChange={setRecipe} trainCount={dataset?.counts.train ?? null} />
      <section className="tp-section">
        <div className="tp-grid">
          <label className="tp-field" htmlFor="tp-backend">
            <span className="tp-field-label">Backend</span>
            <select
              id="tp-backend"
              className="tp-input"
              value={backend}
              onChange={(e) => setBackend(e.target.value as BackendPin)}
              data-testid="backend-select"
            >
              {BACKEND_PINS.map((v) => (
                <option key={v} value={v}>
                  {v === 'auto' && info.backend
                    ? `${PIN_LABELS[v]} (${info.backend.name})`
                    : PIN_LABELS[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="tp-field" htmlFor="tp-run-name">
            <span className="tp-field-label">Run name</span>
            <input
              id="tp-run-name"
              className="tp-input"
              value={runName}
              placeholder={dataset ? `${name} on ${dataset.name}` : name}
              onChange={(e) => setRunName(e.target.value)}
              data-testid="run-name"
            />
          </label>
        </div>
      </section>
      <div className="tp-actions">
        <div className="tp-forecast-row">
          <p className="tp-forecast" data-testid="forecast">
            {measurement.state === 'ready' ? measuredText(measurement.data) : estimate}
          </p>
          <button
            className="btn tp-measure"
            disabled={measureRequest === null || measurement.state === 'measuring'}
            onClick={measure}
            title="Time a few training steps of this design on this dataset in a separate process"
            data-testid="forecast-measure"
          >
            {measurement.state === 'measuring' ? 'Measuring…' : 'Measure'}
          </button>
        </div>
        <p
          className={memoryWarning ? 'tp-problem' : 'tp-forecast-note'}
          data-testid="memory-forecast"
          title="Weights, their gradients, the optimizer's state, and every layer's output for a batch with its gradient"
        >
          {memoryWarning ?? `Memory ${describeMemory(memory)}`}
        </p>
        {measureNote(measurement) && (
          <p className="tp-forecast-note" data-testid="forecast-note">
            {measureNote(measurement)}
          </p>
        )}
        <div className="tp-buttons">
          <button
            className="btn primary tp-start"
            disabled={!canStart}
            onClick={() => void start(false)}
            data-testid="start-run"
          >
            ▶ Start training
          </button>
          {residual && (
            <button
              className="btn"
              disabled={!canStart}
              onClick={() => void start(true)}
              data-testid="train-with-twin"
              title="Paired ablation: this design, then the same design with every shortcut removed (same seed, data and schedule)"
            >
              ▶ + plain twin
            </button>
          )}
        </div>
      </div>
    </div>
  )
}
