/** One line of the params that matter most for a block, e.g. "32 · 3×3 /2 · same". */
export function paramSummary(kind: string, p: Record<string, unknown>): string {
  const n = (k: string): string => String(p[k] ?? '')
  switch (kind) {
    case 'input':
      return `${n('height')}×${n('width')}×${n('channels')}`
    case 'conv2d': {
      const dil = Number(p.dilation ?? 1) > 1 ? ` · dil ${n('dilation')}` : ''
      const pad = p.padding === 'explicit' ? `pad ${n('pad')}` : n('padding')
      return `${n('filters')} · ${n('kernel')}×${n('kernel')} /${n('stride')} · ${pad}${dil}`
    }
    case 'dense':
      return `${n('units')} units`
    case 'maxPool2d':
    case 'avgPool2d':
      return `${n('pool')}×${n('pool')} /${n('stride')} · ${n('padding')}`
    case 'activation':
      return n('fn')
    case 'dropout':
      return `rate ${n('rate')}`
    case 'lrn':
      return `size ${n('size')}`
    case 'zeroPad2d':
      return `${n('top')} ${n('right')} ${n('bottom')} ${n('left')}`
    case 'output':
      return `${n('classes')} classes · softmax`
    case 'inceptionModule':
      return `1×1 ${n('b1x1')} · 3×3 ${n('b3x3')} · 5×5 ${n('b5x5')} · pool ${n('poolProj')}`
    case 'residualBlock':
      return `${n('variant')} ${n('filters')} /${n('stride')} · ${n('shortcut')}`
    case 'stage':
      return `${n('variant')} ${n('filters')} ×${n('blocks')} /${n('stride')}`
    case 'group': {
      const inside = Array.isArray(p.nodes) ? p.nodes.length - 1 : 0
      return `${inside} block${inside === 1 ? '' : 's'} inside`
    }
    default:
      return ''
  }
}
