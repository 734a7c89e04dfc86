import { DESIGN_VERSION, type Design } from '../../../../shared/graph/types'
import { analyzeDesign, type Analysis } from '../catalog'
import {
  toBlockNode,
  toDesignEdges,
  toDesignNodes,
  toShapeEdge,
  type BlockNode,
  type ShapeEdge,
} from '../model'
import type { Frame } from './types'

/** One level of the document: the top-level design or the inside of an open group. */
export interface Level {
  nodes: BlockNode[]
  edges: ShapeEdge[]
}

/** Group `node` with its inside replaced by `inner`. */
function withInside(node: BlockNode, inner: Level): BlockNode {
  const params = {
    ...node.data.params,
    nodes: toDesignNodes(inner.nodes),
    edges: toDesignEdges(inner.edges),
  }
  return { ...node, data: { ...node.data, params } }
}

/**
 * The levels from the top down to the current one, each with the open groups written back into
 * it. With no group open this is just the current level.
 */
export function levelsOf(current: Level, frames: readonly Frame[]): Level[] {
  const levels: Level[] = [current]
  let inner = current
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!
    if (!frame.outer) continue
    inner = {
      nodes: frame.outer.nodes.map((n) => (n.id === frame.nodeId ? withInside(n, inner) : n)),
      edges: frame.outer.edges,
    }
    levels.unshift(inner)
  }
  return levels
}

/** The whole design, with every open group's current inside. */
export function composeDesign(name: string, current: Level, frames: readonly Frame[]): Design {
  const top = levelsOf(current, frames)[0]!
  return {
    version: DESIGN_VERSION,
    name,
    nodes: toDesignNodes(top.nodes),
    edges: toDesignEdges(top.edges),
  }
}

export interface Analyses {
  /** The whole design: totals and diagnostics. */
  design: Analysis
  /** The level on screen: shapes and badges of its nodes. */
  level: Analysis
}

/**
 * Analyses the whole design and the level on screen. A group's inside is analysed as a design
 * of its own whose entry has the shape flowing into the group, so its blocks show real shapes.
 */
export function analyzeLevels(name: string, current: Level, frames: readonly Frame[]): Analyses {
  const levels = levelsOf(current, frames)
  const design = analyzeDesign({
    version: DESIGN_VERSION,
    name,
    nodes: toDesignNodes(levels[0]!.nodes),
    edges: toDesignEdges(levels[0]!.edges),
  })
  let level = design
  const groups = frames.filter((f) => f.outer)
  groups.forEach((frame, i) => {
    const inside = levels[i + 1]!
    const into = level.nodes[frame.nodeId]?.inputShapes[0]
    const nodes = toDesignNodes(inside.nodes).map((n) =>
      n.kind === 'input' && into?.length === 3
        ? { ...n, params: { height: into[0], width: into[1], channels: into[2] } }
        : n,
    )
    level = analyzeDesign({
      version: DESIGN_VERSION,
      name,
      nodes,
      edges: toDesignEdges(inside.edges),
    })
  })
  return { design, level }
}

/** The canvas level of a group's inside. */
export function insideOf(node: BlockNode): Level {
  const nodes = (node.data.params.nodes ?? []) as Parameters<typeof toBlockNode>[0][]
  const edges = (node.data.params.edges ?? []) as Parameters<typeof toShapeEdge>[0][]
  return { nodes: nodes.map(toBlockNode), edges: edges.map(toShapeEdge) }
}
