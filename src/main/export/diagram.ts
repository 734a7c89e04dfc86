import {
  analyze,
  blockSpec,
  expandDesign,
  formatShape,
  layerName,
  type Category,
  type Design,
  type DesignNode,
} from '../../shared/graph'

const WIDTH = 460
const BOX_W = 380
const BOX_H = 46
const GAP = 22
const TOP = 74
const LEFT = 60

const COLOURS: Record<Category, string> = {
  io: '#e8eef7',
  layers: '#dbeafe',
  activations: '#fef3c7',
  pooling: '#dcfce7',
  normalisation: '#f3e8ff',
  merge: '#fee2e2',
  composite: '#e0f2fe',
}

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** 1234567 → "1.23M". */
export function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)}G`
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)}k`
  return String(n)
}

/** A few words on what a block does with its params ("5×5 conv, 6 filters /2"). */
function summary(node: DesignNode): string {
  const spec = blockSpec(node.kind)
  const parsed = spec?.params.safeParse(node.params)
  const p = (parsed?.success ? parsed.data : node.params) as Record<string, unknown>
  const n = (key: string) => Number(p[key])
  const stride = (key = 'stride') => (n(key) > 1 ? ` /${n(key)}` : '')
  switch (node.kind) {
    case 'input':
      return `${n('height')}×${n('width')}×${n('channels')} images`
    case 'conv2d':
      return `${n('kernel')}×${n('kernel')} conv, ${n('filters')} filters${stride()}`
    case 'dense':
      return `${n('units')} units`
    case 'maxPool2d':
    case 'avgPool2d':
      return `${n('pool')}×${n('pool')} ${node.kind === 'maxPool2d' ? 'max' : 'average'}${stride()}`
    case 'activation':
      return String(p.fn)
    case 'dropout':
      return `rate ${n('rate')}`
    case 'stage':
      return `${n('blocks')} × ${String(p.variant)} block, ${n('filters')} filters${stride()}`
    case 'residualBlock':
      return `${String(p.variant)}, ${n('filters')} filters${stride()}, ${String(p.shortcut)} shortcut`
    case 'inceptionModule':
      return `1×1 ${n('b1x1')} · 3×3 ${n('b3x3')} · 5×5 ${n('b5x5')} · pool ${n('poolProj')}`
    case 'output':
      return `${n('classes')} classes, softmax`
    default:
      return spec?.label ?? node.kind
  }
}

/**
 * A top-to-bottom diagram of the design's blocks with their output shapes and parameters, as
 * SVG, and its height in pixels.
 */
export function designSvg(design: Design): { svg: string; height: number } {
  const analysis = analyze(design)
  const { order, inputs } = expandDesign(design)
  const byId = new Map(design.nodes.map((n) => [n.id, n]))
  const rowOf = new Map(order.map((id, i) => [id, i]))
  const y = (row: number) => TOP + row * (BOX_H + GAP)
  const height = y(order.length) + 20
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="30" font-size="17" font-weight="bold" fill="#0f172a">${escape(design.name)}</text>`,
    `<text x="${LEFT}" y="52" font-size="12" fill="#475569">${compact(analysis.totals.params)} parameters · ${compact(analysis.totals.macs)} MACs · depth ${analysis.totals.depth}</text>`,
  )
  // Edges first so boxes sit on top: consecutive rows get a straight arrow, longer ones an arc on the left.
  for (const id of order) {
    const to = rowOf.get(id) ?? 0
    for (const source of inputs.get(id) ?? []) {
      const from = rowOf.get(source)
      if (from === undefined) continue
      const x = LEFT + BOX_W / 2
      if (to === from + 1) {
        parts.push(
          `<line x1="${x}" y1="${y(from) + BOX_H}" x2="${x}" y2="${y(to) - 2}" stroke="#64748b" stroke-width="1.5" marker-end="url(#arrow)"/>`,
        )
      } else {
        const bend = LEFT - 14 - Math.min(40, (to - from) * 4)
        const y1 = y(from) + BOX_H / 2
        const y2 = y(to) + BOX_H / 2
        parts.push(
          `<path d="M${LEFT},${y1} C${bend},${y1} ${bend},${y2} ${LEFT - 2},${y2}" fill="none" stroke="#64748b" stroke-width="1.5" marker-end="url(#arrow)"/>`,
        )
      }
    }
  }
  order.forEach((id, row) => {
    const node = byId.get(id)
    if (!node) return
    const spec = blockSpec(node.kind)
    const info = analysis.nodes[id]
    const top = y(row)
    const fill = spec ? COLOURS[spec.category] : '#f1f5f9'
    const shape = info?.shape ? formatShape(info.shape) : '?'
    const params = info ? info.cost.params + info.cost.nonTrainableParams : 0
    parts.push(
      `<g><title>${escape(`${node.id} (${node.kind})`)}</title>`,
      `<rect x="${LEFT}" y="${top}" width="${BOX_W}" height="${BOX_H}" rx="7" fill="${fill}" stroke="#94a3b8"/>`,
      `<text x="${LEFT + 12}" y="${top + 19}" font-size="13" font-weight="bold" fill="#0f172a">${escape(layerName(node))}</text>`,
      `<text x="${LEFT + 12}" y="${top + 36}" font-size="11" fill="#334155">${escape(summary(node))}</text>`,
      `<text x="${LEFT + BOX_W - 12}" y="${top + 19}" font-size="12" text-anchor="end" fill="#0f172a">${escape(shape)}</text>`,
      `<text x="${LEFT + BOX_W - 12}" y="${top + 36}" font-size="11" text-anchor="end" fill="#64748b">${params > 0 ? `${compact(params)} params` : ''}</text>`,
      '</g>',
    )
  })
  parts.push('</svg>')
  return { svg: parts.join('\n'), height }
}
