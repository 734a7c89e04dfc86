import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { useEditor, useEditorApi } from '../EditorContext'
import type { BlockNode } from '../model'
import type { EditorStore } from '../store/types'
import { NodeFrame } from './NodeFrame'

type P = NodeProps<BlockNode>

/** Input and output: the ends of the network. */
export const IoNode = memo(function IoNode({ id, data, selected }: P) {
  const isInput = data.kind === 'input'
  return (
    <NodeFrame
      id={id}
      data={data}
      selected={selected}
      family="io"
      inputs={isInput ? 0 : 1}
      output={isInput}
    />
  )
})

/** Conv, dense, flatten, dropout, zero padding: layers with one input. */
export const LayerNode = memo(function LayerNode({ id, data, selected }: P) {
  return <NodeFrame id={id} data={data} selected={selected} family="layers" inputs={1} />
})

export const ActivationNode = memo(function ActivationNode({ id, data, selected }: P) {
  return <NodeFrame id={id} data={data} selected={selected} family="activations" inputs={1} />
})

export const PoolingNode = memo(function PoolingNode({ id, data, selected }: P) {
  return <NodeFrame id={id} data={data} selected={selected} family="pooling" inputs={1} />
})

export const NormalisationNode = memo(function NormalisationNode({ id, data, selected }: P) {
  return <NodeFrame id={id} data={data} selected={selected} family="normalisation" inputs={1} />
})

/** How many inputs a merge node has connected; one more free port is always drawn. */
const mergeInputs = (s: EditorStore, id: string): number => {
  let max = -1
  for (const e of s.edges) {
    if (e.target !== id) continue
    const port = Number((e.targetHandle ?? 'in0').slice(2))
    if (port > max) max = port
  }
  return max + 1
}

/** Add and concat: several input ports, one per incoming tensor. */
export const MergeNode = memo(function MergeNode({ id, data, selected }: P) {
  const connected = useEditor((s) => mergeInputs(s, id))
  return (
    <NodeFrame
      id={id}
      data={data}
      selected={selected}
      family="merge"
      inputs={Math.max(2, connected + 1)}
    />
  )
})

/** Inception, residual, stage and custom groups: a summary, and a button to open the inside. */
export const CompositeNode = memo(function CompositeNode({ id, data, selected }: P) {
  const api = useEditorApi()
  return (
    <NodeFrame id={id} data={data} selected={selected} family="composite" inputs={1}>
      <button
        className="node-open nodrag"
        data-testid={`open-${id}`}
        onClick={(e) => {
          e.stopPropagation()
          api.getState().openFrame(id)
        }}
      >
        Open inside ▸
      </button>
    </NodeFrame>
  )
})

/** One component per palette family; the node's `type` is its family. */
export const nodeTypes = {
  io: IoNode,
  layers: LayerNode,
  activations: ActivationNode,
  pooling: PoolingNode,
  normalisation: NormalisationNode,
  merge: MergeNode,
  composite: CompositeNode,
} as const
