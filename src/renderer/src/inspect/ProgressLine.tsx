/** A thin progress bar with "done / total". */
export function ProgressLine({
  done,
  total,
  label,
  onCancel,
}: {
  done: number
  total: number
  label: string
  onCancel?: () => void
}): React.JSX.Element {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0
  return (
    <div className="iv-progress" data-testid="inspect-progress">
      <span>{label}</span>
      <div className="iv-bar">
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="iv-num">
        {total > 0 ? `${done.toLocaleString()} / ${total.toLocaleString()}` : 'starting…'}
      </span>
      {onCancel && (
        <button className="btn small" onClick={onCancel} data-testid="inspect-cancel">
          Cancel
        </button>
      )}
    </div>
  )
}
