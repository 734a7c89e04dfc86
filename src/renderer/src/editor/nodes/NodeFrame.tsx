import { Handle, Position } from '@xyflow/react'
import { memo, useCallback, type ReactNode } from 'react'
import { formatShape } from '../../../../shared/graph/shape'
import { blockSpec, type Category } from '../catalog'
import { useEditor } from '../EditorContext'
import { portHandle, type BlockData } from '../model'
import { selectShowField } from '../store/selectors'
import type { EditorStore } from '../store/types'
import { compact, exact } from './format'
import { paramSummary } from './summary'

interface Props {
  id: string
  data: BlockData
  selected: boolean
  family: Category
  /** Input handles to draw (0 for input blocks). */
  inputs: number
  /** Whether an output handle is drawn (false for the output block). */
  output?: boolean
  children?: ReactNode
}

/** What one node shows from the analysis; a new object only when the node's figures change. */
const nodeInfo = (s: EditorStore, id: string) => s.levelAnalysis.nodes[id]
const nodeIssues = (s: EditorStore, id: string) => s.levelAnalysis.byNode[id]
/** Whether the canvas shows an open group's inside, whose input block stands for what flows in. */
const selectInGroup = (s: EditorStore) => s.frames.at(-1)?.outer !== undefined

/** The card every block family draws: header, key params, shape and cost, problems. */
export const NodeFrame = memo(function NodeFrame({
  id,
  data,
  selected,
  family,
  inputs,
  output = true,
  children,
}: Props) {
  const info = useEditor(useCallback((s: EditorStore) => nodeInfo(s, id), [id]))
  const issues = useEditor(useCallback((s: EditorStore) => nodeIssues(s, id), [id]))
  const showField = useEditor(selectShowField)
  const inGroup = useEditor(selectInGroup)
  const spec = blockSpec(data.kind)
  const worst = issues?.some((d) => d.severity === 'error')
    ? 'error'
    : issues && issues.length > 0
      ? 'warning'
      : null
  const params = { ...(spec?.defaults ?? {}), ...data.params }
  return (
    <div
      className={`node fam-${family}${selected ? ' selected' : ''}${worst ? ` has-${worst}` : ''}`}
      data-testid={`node-${id}`}
      data-kind={data.kind}
    >
      {Array.from({ length: inputs }, (_, i) => (
        <Handle
          key={i}
          type="target"
          id={portHandle(i)}
          position={Position.Top}
          style={inputs > 1 ? { left: `${((i + 1) * 100) / (inputs + 1)}%` } : undefined}
          data-testid={`handle-${id}-in${i}`}
        />
      ))}
      <div className="node-head">
        <span className="node-kind">{spec?.label ?? data.kind}</span>
        <span className="node-name">{data.label ?? id}</span>
        {worst && (
          <span
            className={`node-badge ${worst}`}
            title={issues!.map((d) => d.message).join('\n')}
            data-testid={`badge-${id}`}
          >
            {worst === 'error' ? '!' : '?'}
          </span>
        )}
      </div>
      <div className="node-params mono">
        {inGroup && data.kind === 'input'
          ? 'what flows into the group'
          : paramSummary(data.kind, params)}
      </div>
      {children}
      <div className="node-foot">
        <span className="node-shape mono" data-testid={`shape-${id}`}>
          {info?.shape ? formatShape(info.shape) : '—'}
        </span>
        {info && info.cost.params + info.cost.nonTrainableParams > 0 && (
          <span
            className="node-cost mono"
            title={`${exact(info.cost.params)} trainable parameters, ${exact(info.cost.macs)} MACs`}
          >
            {compact(info.cost.params)}p · {compact(info.cost.macs)} MAC
          </span>
        )}
      </div>
      {showField && info?.receptiveField != null && (
        <div className="node-field mono" data-testid={`field-${id}`}>
          RF {info.receptiveField} · stride {info.cumulativeStride}
        </div>
      )}
      {worst && issues && <div className={`node-msg ${worst}`}>{issues[0]!.message}</div>}
      {output && (
        <Handle type="source" position={Position.Bottom} data-testid={`handle-${id}-out`} />
      )}
    </div>
  )
})
