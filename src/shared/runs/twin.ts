import { hasGroupShortcut, withoutGroupShortcut } from '../graph/residualShortcut'
import type { Design, DesignNode } from '../graph/types'

const RESIDUAL_KINDS = new Set(['residualBlock', 'stage'])

/** Residual blocks and stages (inside groups too) whose shortcut is not already 'none'. */
export function shortcutBlocks(design: Pick<Design, 'nodes'>): string[] {
  const found: string[] = []
  const visit = (nodes: readonly DesignNode[], prefix: string): void => {
    for (const n of nodes) {
      if (RESIDUAL_KINDS.has(n.kind) && n.params.shortcut !== 'none') found.push(prefix + n.id)
      else if (hasGroupShortcut(n)) found.push(prefix + n.id)
      if (n.kind === 'group' && Array.isArray(n.params.nodes))
        visit(n.params.nodes as DesignNode[], `${prefix}${n.id}/`)
    }
  }
  visit(design.nodes, '')
  return found
}

/** True when the design has a shortcut a plain twin would remove. */
export const hasShortcuts = (design: Pick<Design, 'nodes'>): boolean =>
  shortcutBlocks(design).length > 0

function plainNodes(nodes: readonly DesignNode[]): DesignNode[] {
  return nodes.map((n) => {
    if (RESIDUAL_KINDS.has(n.kind)) return { ...n, params: { ...n.params, shortcut: 'none' } }
    if (n.kind === 'group' && Array.isArray(n.params.nodes)) {
      const plain = withoutGroupShortcut(n)
      const inner = plain.params.nodes as DesignNode[]
      return { ...plain, params: { ...plain.params, nodes: plainNodes(inner) } }
    }
    return n
  })
}

/**
 * The plain twin of a residual design (He et al.'s ablation): the same layers with shortcut
 * 'none' in every residual block and stage, groups included. Everything else — ids, positions,
 * widths, strides — stays, so a run of the twin differs from the original only in the shortcuts.
 * A residual block edited as a group (Edit as group) remembers its origin: its `add` loses the
 * shortcut on port 1 and the shortcut's own layers go (see `withoutGroupShortcut`). Any other
 * hand-wired `add` is left alone: which of its inputs is "the shortcut" is not knowable.
 */
export function plainTwin(design: Design): Design {
  return { ...design, name: `${design.name} (plain twin)`, nodes: plainNodes(design.nodes) }
}
