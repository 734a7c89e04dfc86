import type { XYPosition } from '@xyflow/react'
import type ElkConstructor from 'elkjs/lib/elk.bundled.js'
import type { BlockNode, ShapeEdge } from './model'

/** Size assumed for a node not measured yet (a template laid out before it is drawn). */
export const NODE_WIDTH = 236
export const NODE_HEIGHT = 104

type Elk = InstanceType<typeof ElkConstructor>
let elk: Promise<Elk> | null = null
/** elkjs is large (~1.5 MB): load it on the first layout, not with the app. */
const loadElk = (): Promise<Elk> =>
  (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()))

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
}

/** Top-to-bottom layered positions for every node (elkjs), keeping branches side by side. */
export async function layoutPositions(
  nodes: readonly Pick<BlockNode, 'id' | 'measured'>[],
  edges: readonly Pick<ShapeEdge, 'id' | 'source' | 'target'>[],
  /**
   * Width over height of the space the graph should fill; a long chain (LeNet, VGG) then wraps
   * into side-by-side columns instead of one tall strip. Null: no wrapping.
   */
  aspectRatio: number | null = 1.5,
): Promise<Map<string, XYPosition>> {
  const wrap: Record<string, string> =
    aspectRatio === null
      ? {}
      : { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': aspectRatio.toFixed(2) }
  const graph = await (
    await loadElk()
  ).layout({
    id: 'root',
    layoutOptions: { ...OPTIONS, ...wrap },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.measured?.width ?? NODE_WIDTH,
      height: n.measured?.height ?? NODE_HEIGHT,
    })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  })
  const out = new Map<string, XYPosition>()
  for (const c of graph.children ?? []) out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 })
  return out
}
