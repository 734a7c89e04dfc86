import {
  Background,
  BackgroundVariant,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react'
import { memo, useCallback, useMemo, useRef } from 'react'
import type { LayerInfo } from '../../../../shared/graph'
import { formatShape } from '../../../../shared/graph/shape'
import { isEditableKind } from '../../../../shared/graph/editAsGroup'
import { blockSpec, categoryOf } from '../catalog'
import { commands } from '../commands'
import { useRunCommand } from '../commands/CommandProvider'
import { tooltip } from '../commands/shortcuts'
import { useEditor, useEditorApi } from '../EditorContext'
import { familyColour } from '../nodes/colours'
import { compact } from '../nodes/format'
import { paramSummary } from '../nodes/summary'
import { useInsideLayout } from './useInsideLayout'
import type { EditorStore } from '../store/types'

type LayerNode = Node<{ layer: LayerInfo | null; label: string }, 'layer'>

/** One primitive layer inside a composite: read-only, figures from the analysis. */
const LayerCard = memo(function LayerCard({ data }: NodeProps<LayerNode>) {
  const { layer } = data
  if (!layer)
    return (
      <div className="node fam-io inside-entry">
        <div className="node-head">
          <span className="node-kind">{data.label}</span>
        </div>
        <Handle type="source" position={Position.Bottom} />
      </div>
    )
  return (
    <div className={`node fam-${categoryOf(layer.kind)}`} data-testid={`inner-${layer.name}`}>
      <Handle type="target" position={Position.Top} />
      <div className="node-head">
        <span className="node-kind">{blockSpec(layer.kind)?.label ?? layer.kind}</span>
        <span className="node-name">{layer.name}</span>
      </div>
      <div className="node-params mono">{paramSummary(layer.kind, layer.params)}</div>
      <div className="node-foot">
        <span className="node-shape mono">{layer.shape ? formatShape(layer.shape) : '—'}</span>
        {layer.cost.params > 0 && (
          <span className="node-cost mono">
            {compact(layer.cost.params)}p · {compact(layer.cost.macs)} MAC
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
})

const nodeTypes = { layer: LayerCard }
const minimapColour = (n: LayerNode): string =>
  familyColour(n.data.layer ? categoryOf(n.data.layer.kind) : 'io')
const proOptions = { hideAttribution: true }

/** The layers a composite expands into, laid out; edits go through the block's params. */
export function InsideView({ nodeId }: { nodeId: string }): React.JSX.Element {
  const editor = useEditorApi()
  const run = useRunCommand()
  const inner = useEditor(
    useCallback((s: EditorStore) => s.levelAnalysis.nodes[nodeId]?.inner, [nodeId]),
  )
  const kind = useEditor(
    useCallback((s: EditorStore) => s.nodes.find((n) => n.id === nodeId)?.data.kind, [nodeId]),
  )
  const graph = useMemo(() => {
    const layers = inner ?? []
    const ids = new Set(layers.map((l) => l.id))
    const entries = [...new Set(layers.flatMap((l) => l.inputs.filter((i) => !ids.has(i))))]
    const nodes: LayerNode[] = [
      ...entries.map((id) => ({
        id,
        type: 'layer' as const,
        position: { x: 0, y: 0 },
        data: { layer: null, label: 'from outside' },
      })),
      ...layers.map((l) => ({
        id: l.id,
        type: 'layer' as const,
        position: { x: 0, y: 0 },
        data: { layer: l, label: l.name },
      })),
    ]
    const edges: Edge[] = layers.flatMap((l) =>
      l.inputs.map((i) => ({ id: `${i}->${l.id}`, source: i, target: l.id, type: 'smoothstep' })),
    )
    return { nodes, edges }
  }, [inner])
  const noteRef = useRef<HTMLDivElement>(null)
  const viewRef = useRef<HTMLDivElement>(null)
  const { nodes, onNodesChange, framed } = useInsideLayout(graph, viewRef, noteRef)
  return (
    <div
      className="canvas inside"
      data-testid="inside-view"
      data-framed={framed ?? 'no'}
      ref={viewRef}
    >
      <div className="inside-note" data-testid="inside-note" ref={noteRef}>
        {kind === 'group' ? (
          <>
            <span>Inside this group. Ungroup it to edit these blocks on the main canvas.</span>
            <button
              className="btn small"
              onClick={() => {
                editor.getState().closeFrames(0)
                editor.getState().ungroup(nodeId)
              }}
            >
              Ungroup
            </button>
          </>
        ) : (
          <>
            <span>
              The layers this {blockSpec(kind ?? '')?.label ?? 'block'} expands into, set by its
              parameters. To change one layer or add one, edit it as a group.
            </span>
            {kind && isEditableKind(kind) && (
              <button
                className="btn small"
                title={tooltip(commands.editAsGroup)}
                onClick={() => run('editAsGroup')}
                data-testid="inside-edit-as-group"
              >
                Edit as group
              </button>
            )}
          </>
        )}
      </div>
      <ReactFlow
        nodes={nodes}
        onNodesChange={onNodesChange}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        minZoom={0.05}
        proOptions={proOptions}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap<LayerNode>
          pannable
          zoomable
          nodeColor={minimapColour}
          nodeStrokeWidth={0}
          className="minimap"
        />
      </ReactFlow>
    </div>
  )
}
