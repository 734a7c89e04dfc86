import type { Mismatch } from '../../../shared/runs'

/** Whether the design can train on the dataset; offers the one-click adapt when only shapes differ. */
export function FitCheck({
  problems,
  onAdapt,
  adaptError,
}: {
  problems: Mismatch[]
  onAdapt(): void
  adaptError: string | null
}): React.JSX.Element | null {
  if (problems.length === 0) {
    return (
      <p className="tp-ok" data-testid="fit-ok">
        ✓ The design fits this dataset
      </p>
    )
  }
  const invalid = problems.find((p) => p.kind === 'invalid')
  if (invalid) {
    return (
      <div className="tp-problem" data-testid="fit-problem" data-kind="invalid">
        <p>{invalid.message}</p>
        <p className="tp-hint">Fix it in the editor; the problem is marked on the block.</p>
      </div>
    )
  }
  return (
    <div className="tp-problem" data-testid="fit-problem" data-kind="shape">
      {problems.map((p) => (
        <p key={p.kind}>{p.message}</p>
      ))}
      <button className="btn small" onClick={onAdapt} data-testid="adapt">
        Adapt input and output to this dataset
      </button>
      {adaptError && <p className="tp-error">{adaptError}</p>}
    </div>
  )
}
