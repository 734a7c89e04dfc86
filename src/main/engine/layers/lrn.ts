import { LocalResponseNormalization } from './lrnLayer'
import { type Builder, applyTo, single } from './types'

/** Local response normalisation (AlexNet's); a custom serialisable layer. */
export const lrn: Builder<'lrn'> = (node, inputs) => {
  const p = node.params
  const layer = new LocalResponseNormalization({
    name: node.name,
    size: p.size,
    alpha: p.alpha,
    beta: p.beta,
    k: p.k,
  })
  return applyTo(layer, single(node, inputs))
}
