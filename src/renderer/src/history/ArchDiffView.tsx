import { Background, ReactFlow, type Edge, type Node } from '@xyflow/react'
import { useMemo, useState } from 'react'
import {
  architectureDiff,
  formatHyper,
  isSameArchitecture,
  nodeStatuses,
  type ArchDiff,
  type NodeStatus,
} from '../../../shared/runs'
import type { Design, DesignNode } from '../../../shared/graph/types'
import type { RunDetail } from '../../../shared/api'

const COLOURS: Record<NodeStatus, { bg: string; border: string }> = {
  same: { bg: 'var(--panel)', border: 'var(--line-strong)' },
  changed: { bg: 'var(--warn-soft)', border: 'var(--warn)' },
  added: { bg: 'color-mix(in srgb, var(--ok) 14%, var(--panel))', border: 'var(--ok)' },
  removed: { bg: 'var(--error-soft)', border: 'var(--error)' },
}

// Designs saved without a layout (all at the origin) are stacked in a column instead.
function positions(nodes: readonly DesignNode[]): Map<string, { x: number; y: number }> {
  const spread = new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size > 1
  return new Map(nodes.map((n, i) => [n.id, spread ? n.position : { x: 0, y: i * 90 }]))
}

/** The union of both designs as flow nodes and edges, coloured by what the diff says of each. */
export function diffGraph(a: Design, b: Design, diff: ArchDiff): { nodes: Node[]; edges: Edge[] } {
  const status = nodeStatuses(diff)
  const posB = positions(b.nodes)
  const posA = positions(a.nodes)
  const changes = new Map(diff.changed.map((c) => [c.id, c]))
  const node = (n: DesignNode, pos: { x: number; y: number }): Node => {
    const s = status.get(n.id) ?? 'same'
    const c = changes.get(n.id)
    const detail = c
      ? c.fromKind
        ? `was ${c.fromKind}`
        : c.changes
            .map((x) => `${x.param}: ${formatHyper(x.from)} → ${formatHyper(x.to)}`)
            .join('; ')
      : s === 'same'
        ? ''
        : s
    return {
      id: n.id,
      position: pos,
      data: { label: `${n.label ?? n.id} · ${n.kind}${detail ? `\n${detail}` : ''}` },
      style: {
        background: COLOURS[s].bg,
        borderColor: COLOURS[s].border,
        borderWidth: s === 'same' ? 1 : 2,
        whiteSpace: 'pre-line',
        fontSize: 11,
        width: 200,
        color: 'var(--text)',
      },
      className: `diff-${s}`,
      draggable: false,
      connectable: false,
    }
  }
  const nodes = [
    ...b.nodes.map((n) => node(n, posB.get(n.id)!)),
    ...diff.removed.map((n) =>
      node(n, { x: (posA.get(n.id)?.x ?? 0) + 240, y: posA.get(n.id)?.y ?? 0 }),
    ),
  ]
  const removedEdge = new Set(diff.removedEdges.map((e) => e.id))
  const addedEdge = new Set(diff.addedEdges.map((e) => e.id))
  const edges: Edge[] = [
    ...b.edges,
    ...diff.removedEdges.filter((e) => !b.edges.some((x) => x.id === e.id)),
  ].map((e) => ({
    id: `${removedEdge.has(e.id) && !addedEdge.has(e.id) ? 'a' : 'b'}:${e.id}`,
    source: e.source,
    target: e.target,
    style:
      removedEdge.has(e.id) && !addedEdge.has(e.id)
        ? { stroke: 'var(--error)', strokeDasharray: '4 3' }
        : addedEdge.has(e.id)
          ? { stroke: 'var(--ok)', strokeWidth: 2 }
          : {},
  }))
  return { nodes, edges }
}

/** The architecture diff of two compared runs, drawn on the graph (read-only). */
export function ArchDiffView({ runs }: { runs: RunDetail[] }): React.JSX.Element {
  const [baseIdx, setBaseIdx] = useState(0)
  const [otherIdx, setOtherIdx] = useState(1)
  const a = runs[baseIdx]
  const b = runs[otherIdx]
  const diff = useMemo(() => (a && b ? architectureDiff(a.graph, b.graph) : null), [a, b])
  const graph = useMemo(
    () => (a && b && diff ? diffGraph(a.graph, b.graph, diff) : null),
    [a, b, diff],
  )
  const pick = (value: number, set: (i: number) => void, testId: string) => (
    <select
      className="tp-input hv-inline"
      value={value}
      onChange={(e) => set(Number(e.target.value))}
      data-testid={testId}
    >
      {runs.map((r, i) => (
        <option key={r.id} value={i}>
          #{r.id} {r.designName}
        </option>
      ))}
    </select>
  )
  return (
    <section className="hv-card" data-testid="arch-diff">
      <div className="hv-card-head">
        <h3 className="tp-heading">Architecture</h3>
        {pick(baseIdx, setBaseIdx, 'arch-base')}
        <span className="tp-hint">→</span>
        {pick(otherIdx, setOtherIdx, 'arch-other')}
      </div>
      {diff && (
        <p className="hv-diff-summary" data-testid="arch-summary">
          {isSameArchitecture(diff)
            ? 'The same architecture.'
            : [
                diff.added.length &&
                  `${diff.added.length} block${diff.added.length > 1 ? 's' : ''} added`,
                diff.removed.length && `${diff.removed.length} removed`,
                diff.changed.length &&
                  `${diff.changed.length} changed (${diff.changed.map((c) => c.id).join(', ')})`,
                diff.addedEdges.length + diff.removedEdges.length &&
                  `${diff.addedEdges.length + diff.removedEdges.length} connections differ`,
              ]
                .filter(Boolean)
                .join(' · ')}
          <span className="hv-legend">
            <i className="diff-changed" /> changed <i className="diff-added" /> added{' '}
            <i className="diff-removed" /> removed
          </span>
        </p>
      )}
      {graph && (
        <div className="hv-flow">
          <ReactFlow
            nodes={graph.nodes}
            edges={graph.edges}
            fitView
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            proOptions={{ hideAttribution: true }}
            minZoom={0.05}
          >
            <Background gap={24} size={1} />
          </ReactFlow>
        </div>
      )}
    </section>
  )
}
