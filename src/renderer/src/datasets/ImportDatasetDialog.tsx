import { useCallback, useState } from 'react'
import { api } from '../api'
import { useSystemInfo } from '../shell'
import { errorText } from '../train/useAsync'
import {
  chooseExistingDataset,
  closeImportDialog,
  datasetImported,
  openImportDialog,
  useDatasets,
} from './datasetsStore'
import { progressText, useImport } from './useImport'
import { Frame, ImportSummary } from './ImportSummary'
import './datasets.css'

const FORMATS = [
  { value: 'auto', label: 'Detect from the files' },
  { value: 'folder', label: 'Image folder (one sub-folder per class)' },
  { value: 'idx', label: 'IDX files (MNIST style)' },
  { value: 'cifar', label: 'CIFAR-10/100 binary batches' },
] as const
type FormatChoice = (typeof FORMATS)[number]['value']

/** The import dialog, shown while the store's `importOpen` flag is set. */
export function ImportDatasetDialog(): React.JSX.Element | null {
  const open = useDatasets((s) => s.importOpen)
  return open ? <ImportForm /> : null
}

function ImportForm(): React.JSX.Element {
  const { nativeDialogs } = useSystemInfo()
  const [path, setPath] = useState('')
  const [format, setFormat] = useState<FormatChoice>('auto')
  const [name, setName] = useState('')
  const [size, setSize] = useState('32')
  const [grayscale, setGrayscale] = useState(false)
  const [chooseError, setChooseError] = useState<string | null>(null)
  const onDone = useCallback((r: { id: string; skipped: unknown[] }) => {
    // With skipped files the dialog stays open on the summary; otherwise it closes itself.
    void datasetImported(r.id, r.skipped.length === 0)
  }, [])
  const { status, start, cancel } = useImport(onDone)
  const running = status.state === 'running'
  const sizeValue = Number(size)
  const sizeBad = !Number.isInteger(sizeValue) || sizeValue < 4 || sizeValue > 512
  const images = format === 'auto' || format === 'folder'
  const canImport = path.trim() !== '' && !running && !(images && sizeBad)

  const choose = async (): Promise<void> => {
    setChooseError(null)
    try {
      const { path: picked } = await api.dialogs.openFile({
        title: 'Choose a dataset folder',
        directory: true,
      })
      if (picked) setPath(picked)
    } catch (e) {
      setChooseError(errorText(e))
    }
  }
  const request = {
    path: path.trim(),
    ...(format === 'auto' ? {} : { format }),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(images ? { size: sizeValue, grayscale } : {}),
  }
  // The form as last submitted: the duplicate notice holds only while the form still says that.
  const [submitted, setSubmitted] = useState('')
  const duplicate =
    status.state === 'failed' && status.duplicate && submitted === JSON.stringify(request)
  const existing = duplicate && status.state === 'failed' ? status.existing : null
  const submit = (allowDuplicate = false): void => {
    if (!canImport) return
    setSubmitted(JSON.stringify(request))
    start({ ...request, ...(allowDuplicate ? { allowDuplicate } : {}) })
  }
  const close = (): void => {
    if (running) cancel()
    closeImportDialog()
  }

  if (status.state === 'done' && status.result.skipped.length > 0) {
    return (
      <Frame onClose={close}>
        <ImportSummary result={status.result} onClose={close} />
      </Frame>
    )
  }

  return (
    <Frame onClose={close}>
      <form
        className="ds-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <label className="ds-label" htmlFor="ds-path">
          Folder or file
        </label>
        <div className="ds-row">
          <input
            id="ds-path"
            className="tp-input mono"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/me/datasets/flowers"
            disabled={running}
            autoFocus
            data-testid="import-path"
          />
          {nativeDialogs && (
            <button
              type="button"
              className="btn"
              onClick={() => void choose()}
              disabled={running}
              data-testid="import-choose"
            >
              Choose…
            </button>
          )}
        </div>
        <p className="ds-hint">
          {nativeDialogs
            ? 'A folder of class sub-folders, a folder of IDX files or CIFAR batches.'
            : 'A path on the machine running Blockwise (the browser cannot hand over a folder): a folder of class sub-folders, IDX files or CIFAR batches.'}
        </p>
        {chooseError && <p className="tp-error">{chooseError}</p>}

        <label className="ds-label" htmlFor="ds-format">
          Format
        </label>
        <select
          id="ds-format"
          className="tp-input"
          value={format}
          onChange={(e) => setFormat(e.target.value as FormatChoice)}
          disabled={running}
          data-testid="import-format"
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>

        <label className="ds-label" htmlFor="ds-name">
          Name
        </label>
        <input
          id="ds-name"
          className="tp-input"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="The folder's name"
          disabled={running}
          data-testid="import-name"
        />

        {images && (
          <fieldset className="ds-images" disabled={running}>
            <legend>{format === 'auto' ? 'If it is an image folder' : 'Images'}</legend>
            <label className="ds-inline">
              Resize to
              <input
                className="tp-input ds-size"
                type="number"
                min={4}
                max={512}
                value={size}
                onChange={(e) => setSize(e.target.value)}
                data-testid="import-size"
                aria-invalid={sizeBad}
              />
              px square
            </label>
            <label className="ds-inline">
              <input
                type="checkbox"
                checked={grayscale}
                onChange={(e) => setGrayscale(e.target.checked)}
                data-testid="import-grayscale"
              />
              Grayscale (one channel)
            </label>
            {sizeBad && <p className="tp-error">The size is a whole number from 4 to 512.</p>}
          </fieldset>
        )}

        {running && (
          <div className="ds-progress" data-testid="import-progress">
            <progress
              value={status.progress?.total ? status.progress.done : undefined}
              max={status.progress?.total ?? undefined}
            />
            <span>{progressText(status.progress)}</span>
          </div>
        )}
        {status.state === 'failed' && !status.duplicate && (
          <p className="ds-error" role="alert" data-testid="import-error">
            {status.message}
          </p>
        )}
        {status.state === 'failed' && duplicate && (
          <div className="ds-duplicate" role="alert" data-testid="import-duplicate">
            <p>{status.message}</p>
            <p className="ds-hint">
              Nothing was imported.{' '}
              {existing
                ? `Use “${existing.name}” to train on it, or import anyway to add a second copy under its own name.`
                : 'Import anyway to add a second copy under its own name.'}
            </p>
          </div>
        )}
        {status.state === 'cancelled' && (
          <p className="ds-hint">Import cancelled; nothing was added.</p>
        )}

        <div className="ds-actions">
          <button
            type="button"
            className="btn"
            onClick={running ? cancel : close}
            data-testid="import-cancel"
          >
            {running ? 'Cancel import' : 'Cancel'}
          </button>
          {duplicate ? (
            <>
              <button
                type="button"
                className={existing ? 'btn' : 'btn primary'}
                onClick={() => submit(true)}
                disabled={!canImport}
                data-testid="import-anyway"
              >
                Import anyway
              </button>
              {existing && (
                <button
                  type="button"
                  className="btn primary ds-use"
                  onClick={() => void chooseExistingDataset(existing.id)}
                  title={`Close and train on “${existing.name}”, already in Blockwise`}
                  data-testid="import-use-existing"
                  data-dataset-id={existing.id}
                  autoFocus
                >
                  Use “{existing.name}”
                </button>
              )}
            </>
          ) : (
            <button
              type="submit"
              className="btn primary"
              disabled={!canImport}
              data-testid="import-start"
            >
              {running ? 'Importing…' : 'Import'}
            </button>
          )}
        </div>
      </form>
    </Frame>
  )
}

/** The "Import dataset…" button beside the dataset picker. */
export function ImportDatasetButton(): React.JSX.Element {
  return (
    <button
      type="button"
      className="btn small"
      onClick={openImportDialog}
      data-testid="import-dataset"
    >
      Import dataset…
    </button>
  )
}
