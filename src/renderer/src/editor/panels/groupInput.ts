import type { Shape } from '../../../../shared/graph/types'
import { analyzeLevels } from '../store/levels'
import type { Frame } from '../store/types'

/** Where the current level is: the top of the design, inside an open group, or read-only. */
export function isInsideGroup(frames: readonly Frame[]): boolean {
  return frames.at(-1)?.outer !== undefined
}

/**
 * The shape flowing into the open group whose inside is on the canvas: its `input` block stands
 * for it. Null when nothing known flows in (the group is unconnected, or what feeds it does not
 * infer).
 */
export function shapeIntoGroup(name: string, frames: readonly Frame[]): Shape | null {
  const frame = frames.at(-1)
  if (!frame?.outer) return null
  // The level around the group, analysed as the canvas would show it.
  const { level } = analyzeLevels(name, frame.outer, frames.slice(0, -1))
  return level.nodes[frame.nodeId]?.inputShapes[0] ?? null
}
