import type { ClientApi } from '../../../shared/api'

type ImportResult = Awaited<ReturnType<ClientApi['datasets']['import']>>

const SKIPPED_SHOWN = 8

/** The dialog's frame: backdrop (click or Escape closes), title and close button. */
export function Frame({
  onClose,
  children,
}: {
  onClose(): void
  children: React.ReactNode
}): React.JSX.Element {
  return (
    <div
      className="modal-backdrop"
      onClick={onClose}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div
        className="modal ds-dialog"
        role="dialog"
        aria-label="Import dataset"
        onClick={(e) => e.stopPropagation()}
        data-testid="import-dialog"
      >
        <header className="modal-head">
          <h2>Import a dataset</h2>
          <button className="icon-btn" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        {children}
      </div>
    </div>
  )
}

/** What an import that skipped files stored, and which files it skipped (the first few). */
export function ImportSummary({
  result,
  onClose,
}: {
  result: ImportResult
  onClose(): void
}): React.JSX.Element {
  return (
    <>
      <p className="ds-ok" data-testid="import-done">
        Imported <b>{result.name}</b>: {result.classes.length} classes,{' '}
        {(result.counts.train + result.counts.test).toLocaleString()} images.
      </p>
      <div className="ds-skipped" data-testid="import-skipped">
        <p>
          {result.skipped.length.toLocaleString()}{' '}
          {result.skipped.length === 1 ? 'file was' : 'files were'} skipped:
        </p>
        <ul>
          {result.skipped.slice(0, SKIPPED_SHOWN).map((s) => (
            <li key={s.path}>
              <span className="mono">{s.path}</span> — {s.reason}
            </li>
          ))}
        </ul>
        {result.skipped.length > SKIPPED_SHOWN && (
          <p>and {(result.skipped.length - SKIPPED_SHOWN).toLocaleString()} more</p>
        )}
      </div>
      <div className="ds-actions">
        <button className="btn primary" onClick={onClose} data-testid="import-close">
          Done
        </button>
      </div>
    </>
  )
}
