import { DESIGN_VERSION, type Design, type DesignNode } from '../graph/types'

/** One top-level block of a template: its id, kind and the params that differ from defaults. */
export interface Layer {
  id: string
  kind: string
  params?: Record<string, unknown>
  label?: string
}

/** Vertical distance between consecutive blocks, enough for a block card before auto-layout. */
const ROW_HEIGHT = 110

/**
 * A design whose blocks form one chain, laid out top to bottom. Every template is a chain at
 * the top level: the branches of GoogLeNet and ResNet live inside their composite blocks.
 */
export function chain(name: string, layers: readonly Layer[]): Design {
  const ids = new Set<string>()
  const nodes: DesignNode[] = layers.map((layer, i) => {
    if (ids.has(layer.id)) throw new Error(`template ${name}: duplicate node id ${layer.id}`)
    ids.add(layer.id)
    const node: DesignNode = {
      id: layer.id,
      kind: layer.kind,
      params: { ...layer.params },
      position: { x: 0, y: i * ROW_HEIGHT },
    }
    if (layer.label !== undefined) node.label = layer.label
    return node
  })
  const edges = nodes.slice(1).map((node, i) => {
    const source = nodes[i]!.id
    return { id: `${source}->${node.id}`, source, target: node.id }
  })
  return { version: DESIGN_VERSION, name, nodes, edges }
}

/** conv → activation: the unit every pre-batch-norm template repeats. */
export function convAct(
  id: string,
  conv: Record<string, unknown>,
  fn: 'relu' | 'tanh' = 'relu',
): Layer[] {
  return [
    { id, kind: 'conv2d', params: conv },
    { id: `${id}_${fn}`, kind: 'activation', params: { fn } },
  ]
}

/** fc → relu → dropout, the classifier unit of AlexNet and VGG. */
export function fcDrop(id: string, units: number, rate: number): Layer[] {
  return [
    { id, kind: 'dense', params: { units } },
    { id: `${id}_relu`, kind: 'activation', params: { fn: 'relu' } },
    { id: `${id}_drop`, kind: 'dropout', params: { rate } },
  ]
}
