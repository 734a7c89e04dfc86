import { useToasts } from './toasts'

const selectToasts = (s: ReturnType<typeof useToasts.getState>) => s.toasts
const selectDismiss = (s: ReturnType<typeof useToasts.getState>) => s.dismiss

/** The toast stack, bottom right. */
export function Toasts(): React.JSX.Element {
  const toasts = useToasts(selectToasts)
  const dismiss = useToasts(selectDismiss)
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast ${t.tone}`}
          data-testid="toast"
          onClick={() => dismiss(t.id)}
        >
          {t.message}
        </div>
      ))}
    </div>
  )
}
