import {
  applyNodeChanges,
  useReactFlow,
  useStoreApi,
  type Edge,
  type Node,
  type NodeChange,
} from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { layoutPositions } from '../layout'
import { frameViewport } from './frame'

/** Below this zoom a card's text is a smear: an inside too large for it opens at its start. */
const READABLE_ZOOM = 0.4
/** The minimap (xyflow's default size) and its gap from the edges, kept free of cards. */
const MINIMAP = { width: 200 + 15, height: 150 + 15 }
const FRAME = { margin: 24, maxZoom: 1, readableZoom: READABLE_ZOOM, corner: MINIMAP }
/** Cards are drawn unseen first, to be measured for the layout. */
const HIDDEN = { visibility: 'hidden' } as const

/** How the view was framed: all of the inside, or (too large to read whole) its start. */
export type Framed = 'all' | 'top'
type Stage = 'measuring' | 'laid out' | Framed

interface Laid<N> {
  graph: { nodes: N[]; edges: Edge[] }
  nodes: N[]
  stage: Stage
}

/**
 * A read-only graph drawn unseen, measured, laid out with its cards' real sizes wrapped to the
 * free part of the view, then framed below the note that `noteRef` covers.
 */
export function useInsideLayout<N extends Node>(
  graph: { nodes: N[]; edges: Edge[] },
  viewRef: RefObject<HTMLDivElement | null>,
  noteRef: RefObject<HTMLDivElement | null>,
): { nodes: N[]; onNodesChange: (c: NodeChange<N>[]) => void; framed: Framed | null } {
  const flow = useReactFlow()
  const store = useStoreApi()
  const fresh = useMemo<Laid<N>>(
    () => ({ graph, nodes: graph.nodes.map((n) => ({ ...n, style: HIDDEN })), stage: 'measuring' }),
    [graph],
  )
  const [state, setState] = useState<Laid<N>>(fresh)
  // A new graph starts over; the state catches up on its first change.
  const current = state.graph === graph ? state : fresh
  // Dimension changes must reach the nodes themselves (not only xyflow's internals): the layout
  // uses them and the minimap draws a node only once it has them.
  const onNodesChange = useCallback(
    (changes: NodeChange<N>[]) =>
      setState((s) => {
        const base = s.graph === graph ? s : fresh
        return { ...base, nodes: applyNodeChanges(changes, base.nodes) }
      }),
    [graph, fresh],
  )
  const update = useCallback(
    (f: (s: Laid<N>) => Laid<N>) => setState((s) => (s.graph === graph ? f(s) : s)),
    [graph],
  )

  const topInset = useCallback((): number => {
    const view = viewRef.current?.getBoundingClientRect()
    const note = noteRef.current?.getBoundingClientRect()
    return view && note ? note.bottom - view.top : 0
  }, [viewRef, noteRef])

  const measured =
    current.nodes.length > 0 && current.nodes.every((n) => n.measured?.width && n.measured.height)
  const laying = useRef<unknown>(null)
  useEffect(() => {
    if (current.stage !== 'measuring' || !measured || laying.current === graph) return
    laying.current = graph
    const { width, height } = store.getState()
    // Wrapped to the part of the view it is framed in: a stage's chain of blocks fills it in
    // columns instead of running far below it.
    const aspect = width / Math.max(1, height - topInset())
    void layoutPositions(current.nodes, graph.edges, aspect).then((pos) =>
      update((s) => ({
        ...s,
        stage: 'laid out',
        nodes: s.nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position, style: {} })),
      })),
    )
  }, [current, measured, graph, store, topInset, update])

  useEffect(() => {
    if (current.stage !== 'laid out') return
    const { width, height } = store.getState()
    const bounds = flow.getNodesBounds(current.nodes)
    const v = frameViewport(bounds, width, height, { ...FRAME, topInset: topInset() })
    void flow
      .setViewport({ x: v.x, y: v.y, zoom: v.zoom })
      .then(() => update((s) => ({ ...s, stage: v.whole ? 'all' : 'top' })))
  }, [current, flow, store, topInset, update])

  const framed = current.stage === 'all' || current.stage === 'top' ? current.stage : null
  return { nodes: current.nodes, onNodesChange, framed }
}
