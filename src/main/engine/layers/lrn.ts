import { LocalResponseNormalization, type LrnConfig } from './lrnLayer'
import { type Builder, applyTo, paramsOf, single } from './types'

/** Local response normalisation (AlexNet's); a custom serialisable layer. */
export const lrn: Builder = (node, inputs) => {
  const p = paramsOf<Omit<LrnConfig, 'name'>>(node)
  const layer = new LocalResponseNormalization({ name: node.name, size: p.size, alpha: p.alpha, beta: p.beta, k: p.k })
  return applyTo(layer, single(node, inputs))
}
