import type { Diagnostic } from '../../../../shared/graph/types'
import { toast } from '../../ui/toasts'
import { useEditorApi } from '../EditorContext'
import { FIXES } from '../store/fixes'

interface Props {
  diagnostic: Diagnostic
  /** Select and show the node when the message is clicked. */
  onFocus?(nodeId: string): void
  /** The diagnostic is about the top-level design (the totals bar), not the level on screen. */
  topLevel?: boolean
}

/** One problem: its message, the node it is about, and a one-click fix where there is one. */
export function DiagnosticItem({
  diagnostic: d,
  onFocus,
  topLevel = false,
}: Props): React.JSX.Element {
  const api = useEditorApi()
  const fix = FIXES[d.code]
  return (
    <li
      className={`diag ${d.severity}`}
      data-testid="diagnostic"
      data-code={d.code}
      data-node={d.nodeId ?? ''}
    >
      <button
        className="diag-msg"
        onClick={() => d.nodeId && onFocus?.(d.nodeId)}
        disabled={!onFocus || !d.nodeId}
      >
        <span className={`dot ${d.severity}`} />
        {d.nodeId && <span className="mono diag-node">{d.nodeId}</span>}
        <span>{d.message}</span>
      </button>
      {fix && d.nodeId && (
        <button
          className="btn small fix"
          data-testid={`fix-${d.code}`}
          onClick={() => {
            if (topLevel) api.getState().closeFrames(0)
            const result = api.getState().applyFix(d.nodeId!, d.code)
            if (!result.ok) toast('error', result.reason)
            else toast('success', `${fix}: done`)
          }}
        >
          {fix}
        </button>
      )}
    </li>
  )
}
