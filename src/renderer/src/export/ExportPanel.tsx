import { useState } from 'react'
import type { ExportFormat, ExportRecord, RunStatus } from '../../../shared/api'
import { api } from '../api'
import { useSystemInfo } from '../shell'
import { errorText } from '../train/useAsync'
import { toast } from '../ui/toasts'
import { exportAvailability } from './availability'
import { base, fileSize, FORMATS, formatInfo } from './formats'
import { useExport, type ExportJob } from './useExport'
import './export.css'
import { assertNever } from '../../../shared/assertNever'

/** What to do about an export error, by catalogue code; the message itself says why. */
const REMEDY: Record<string, string> = {
  EXPORT_FAILED:
    'A block this format cannot express may work in another format; a disk error needs another folder.',
  BAD_REQUEST: 'Check the folder and the format.',
  RUN_NOT_FOUND: 'The run was deleted.',
}

const fallback = (weights: boolean): ExportFormat => (weights ? 'onnx' : 'design')

/** The browser can fetch a recorded single-file export from the server (serve mode only). */
const downloadUrl = (id: number): string => `/api/exports/${id}/file`

/**
 * Export a trained run: pick a format (one line each on what you get), export, see where it went.
 * A run without a checkpoint has no weights: the model formats are disabled, one line says why,
 * and its design can still be exported.
 */
export function ExportPanel({
  runId,
  status,
  hasCheckpoint,
}: {
  runId: number
  status: RunStatus
  hasCheckpoint: boolean
}): React.JSX.Element {
  const { nativeDialogs } = useSystemInfo()
  const { job, list, listError, start } = useExport(runId)
  const available = exportAvailability(status, hasCheckpoint)
  // Until the user picks, the default follows what is possible (ONNX once a checkpoint exists).
  const [chosen, setFormat] = useState<ExportFormat | null>(null)
  const needsWeights = (f: ExportFormat): boolean => f !== 'design' && !available.weights
  const format = chosen === null || needsWeights(chosen) ? fallback(available.weights) : chosen
  const [outDir, setOutDir] = useState<string | null>(null)
  const busy = job.state === 'busy'

  const chooseFolder = async (): Promise<void> => {
    try {
      const { path } = await api.dialogs.openFile({ title: 'Export into folder', directory: true })
      if (path) setOutDir(path)
    } catch (e) {
      toast('error', `Cannot open the folder picker: ${errorText(e)}`)
    }
  }

  return (
    <section className="ex-panel" data-testid="export-panel">
      <h3 className="tp-heading">Export</h3>
      {!available.weights && (
        <p className="ex-unavailable" data-testid="export-unavailable" data-status={status}>
          {available.reason}
        </p>
      )}
      <div className="ex-formats" role="radiogroup" aria-label="Export format">
        {FORMATS.map((f) => (
          <label
            key={f.id}
            className={`ex-format${format === f.id ? ' selected' : ''}${needsWeights(f.id) ? ' unavailable' : ''}`}
            data-testid={`export-format-${f.id}`}
            title={
              needsWeights(f.id) ? 'Needs a checkpoint: train for at least one epoch' : undefined
            }
          >
            <input
              type="radio"
              name={`export-format-${runId}`}
              value={f.id}
              checked={format === f.id}
              disabled={busy || needsWeights(f.id)}
              onChange={() => setFormat(f.id)}
            />
            <span>
              <strong>{f.label}</strong>
              <span className="ex-what">{f.what}</span>
            </span>
          </label>
        ))}
      </div>
      <div className="ex-where">
        {nativeDialogs ? (
          <>
            <span className="ex-path" title={outDir ?? undefined} data-testid="export-folder">
              {outDir ?? 'Data directory (exports/…)'}
            </span>
            <button
              className="btn small"
              disabled={busy}
              onClick={() => void chooseFolder()}
              data-testid="export-choose-folder"
            >
              Choose folder…
            </button>
            {outDir && (
              <button
                className="btn small"
                disabled={busy}
                onClick={() => setOutDir(null)}
                title="Back to the data directory"
              >
                Default
              </button>
            )}
          </>
        ) : (
          <span className="tp-hint">
            Written under the data directory of the machine running Blockwise.
          </span>
        )}
      </div>
      <button
        className="btn small primary"
        disabled={busy}
        onClick={() => void start(format, outDir ?? undefined)}
        data-testid="export-run"
      >
        {busy ? 'Exporting…' : `Export ${formatInfo(format)?.label ?? format}`}
      </button>
      <JobLine job={job} download={!nativeDialogs} />
      <h4 className="ex-subhead">Previous exports</h4>
      {listError ? (
        <p className="tp-error">{listError}</p>
      ) : list === null ? (
        <p className="tp-hint">Loading…</p>
      ) : list.length === 0 ? (
        <p className="tp-hint" data-testid="export-list-empty">
          None yet.
        </p>
      ) : (
        <ul className="ex-list" data-testid="export-list">
          {list.map((e) => (
            <ExportRow key={e.id} record={e} download={!nativeDialogs} />
          ))}
        </ul>
      )}
    </section>
  )
}

function JobLine({
  job,
  download,
}: {
  job: ExportJob
  download: boolean
}): React.JSX.Element | null {
  switch (job.state) {
    case 'idle':
      return null
    case 'busy':
      return (
        <p className="ex-progress" data-testid="export-progress" aria-live="polite">
          <span className="ex-spinner" aria-hidden /> {formatInfo(job.format)?.label}: {job.message}
          …
        </p>
      )
    case 'done': {
      const { result } = job
      const info = formatInfo(result.format)
      return (
        <div
          className="ex-result"
          ref={reveal}
          data-testid="export-result"
          data-export-id={result.exportId}
        >
          <div>
            Wrote {result.files.length} {result.files.length === 1 ? 'file' : 'files'},{' '}
            {fileSize(result.bytes)} in {(job.ms / 1000).toFixed(1)} s
          </div>
          <PathLine path={result.path} />
          {download && info?.singleFile && (
            <a
              className="btn small"
              href={downloadUrl(result.exportId)}
              download
              data-testid="export-download"
            >
              Download {base(result.path)}
            </a>
          )}
          {info && (
            <div className="tp-hint">
              Next: <code>{info.next(result.path)}</code>
            </div>
          )}
        </div>
      )
    }
    case 'error':
      return (
        <div
          className="tp-reason s-failed ex-error"
          role="alert"
          data-testid="export-error"
          data-code={job.code}
        >
          <strong>{formatInfo(job.format)?.label ?? job.format} export failed:</strong>{' '}
          {job.message}
          {REMEDY[job.code] && <div className="tp-hint">{REMEDY[job.code]}</div>}
        </div>
      )
    default:
      return assertNever(job, 'export job')
  }
}

/** The panel sits low in a scrolling column: bring an outcome into view when it appears. */
const reveal = (el: HTMLElement | null): void => el?.scrollIntoView({ block: 'nearest' })

/** A path in full (it wraps), with a copy button. */
function PathLine({ path }: { path: string }): React.JSX.Element {
  const copy = (): void => {
    navigator.clipboard.writeText(path).then(
      () => toast('info', 'Path copied'),
      () => toast('error', 'Could not copy; select the path instead'),
    )
  }
  return (
    <div className="ex-pathline">
      <code className="ex-fullpath" data-testid="export-path">
        {path}
      </code>
      <button className="btn small" onClick={copy} title="Copy the path">
        Copy
      </button>
    </div>
  )
}

function ExportRow({
  record,
  download,
}: {
  record: ExportRecord
  download: boolean
}): React.JSX.Element {
  const info = formatInfo(record.format)
  return (
    <li
      className="ex-row"
      data-testid="export-row"
      data-export-id={record.id}
      data-format={record.format}
    >
      <div className="ex-row-head">
        <strong>{info?.label ?? record.format}</strong>
        <span className="tp-hint">
          {fileSize(record.bytes)} · {new Date(record.createdAt).toLocaleString()}
        </span>
        {download && info?.singleFile && (
          <a href={downloadUrl(record.id)} download title="Download">
            ↓
          </a>
        )}
      </div>
      <code className="ex-fullpath" title={record.path}>
        {record.path}
      </code>
    </li>
  )
}
