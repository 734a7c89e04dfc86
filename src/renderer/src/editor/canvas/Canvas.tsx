import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type Edge,
  type IsValidConnection,
} from '@xyflow/react'
import { useCallback, type DragEvent } from 'react'
import { toast } from '../../ui/toasts'
import { useEditor, useEditorApi } from '../EditorContext'
import type { BlockNode, ShapeEdge } from '../model'
import { familyColour } from '../nodes/colours'
import { nodeTypes } from '../nodes/families'
import { selectEdges, selectNodes } from '../store/selectors'
import { edgeTypes } from './ShapeEdgeView'

/** The MIME type a palette item is dragged with. */
export const BLOCK_MIME = 'application/x-blockwise-kind'

const minimapColour = (n: BlockNode): string => familyColour(n.type)

const proOptions = { hideAttribution: true }
/** Above this many blocks, off-screen ones are not rendered (pan and zoom stay smooth). */
const LARGE_GRAPH = 150
const defaultEdgeOptions = { type: 'shape' }

/** The graph canvas: nodes by family, shape-labelled edges, drop target for the palette. */
export function Canvas(): React.JSX.Element {
  const api = useEditorApi()
  const nodes = useEditor(selectNodes)
  const edges = useEditor(selectEdges)
  const flow = useReactFlow<BlockNode, ShapeEdge>()

  const onNodesChange = useCallback(
    (c: NodeChange<BlockNode>[]) => api.getState().onNodesChange(c),
    [api],
  )
  const onEdgesChange = useCallback(
    (c: EdgeChange<ShapeEdge>[]) => api.getState().onEdgesChange(c),
    [api],
  )
  const onConnect = useCallback(
    (c: Connection) => {
      const result = api.getState().connect(c)
      if (!result.ok) toast('error', result.reason)
    },
    [api],
  )
  // Refusals are explained on drop (onConnect); while dragging, let every handle accept so the
  // user gets the reason instead of a silent snap-back.
  const isValidConnection = useCallback<IsValidConnection<ShapeEdge | Edge>>(() => true, [])

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(BLOCK_MIME)) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
  }, [])
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(BLOCK_MIME)
      if (!kind) return
      e.preventDefault()
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })
      api.getState().addBlock(kind, { x: p.x - 110, y: p.y - 30 })
    },
    [api, flow],
  )

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<BlockNode, ShapeEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        onlyRenderVisibleElements={nodes.length > LARGE_GRAPH}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        minZoom={0.1}
        maxZoom={2}
        fitView
        proOptions={proOptions}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap<BlockNode>
          pannable
          zoomable
          nodeColor={minimapColour}
          nodeStrokeWidth={0}
          className="minimap"
        />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  )
}
