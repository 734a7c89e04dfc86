import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react'
import { memo, useCallback } from 'react'
import { formatShape } from '../../../../shared/graph/shape'
import { useEditor } from '../EditorContext'
import type { ShapeEdge } from '../model'
import type { EditorStore } from '../store/types'

const sourceShape = (s: EditorStore, source: string) => s.levelAnalysis.nodes[source]?.shape ?? null

/** An edge labelled with the shape of the tensor it carries. */
export const ShapeEdgeView = memo(function ShapeEdgeView(props: EdgeProps<ShapeEdge>) {
  const {
    id,
    source,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    selected,
    markerEnd,
  } = props
  const shape = useEditor(useCallback((s: EditorStore) => sourceShape(s, source), [source]))
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
  })
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={selected ? 'edge-selected' : undefined}
      />
      {shape && (
        <EdgeLabelRenderer>
          <div
            className="edge-label mono"
            data-testid={`edge-label-${id}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {formatShape(shape)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  )
})

export const edgeTypes = { shape: ShapeEdgeView } as const
