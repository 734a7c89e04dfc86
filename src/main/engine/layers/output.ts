import * as tfl from '@tensorflow/tfjs-layers'
import { type Builder, applyTo, single } from './types'

/** Suffix of the softmax layer that follows the output's dense layer. */
export const SOFTMAX_SUFFIX = '_softmax'

/**
 * The classifier head: a dense layer to `classes` logits (named after the node) followed by a
 * softmax layer. The compiler keeps the logits too, so the loss is computed from them stably.
 */
export const output: Builder<'output'> = (node, inputs, ctx) => {
  const p = node.params
  const logits = applyTo(
    tfl.layers.dense({
      name: node.name,
      units: p.classes,
      kernelInitializer: ctx.kernelInitializer(node),
    }),
    single(node, inputs),
  )
  return applyTo(
    tfl.layers.activation({ name: `${node.name}${SOFTMAX_SUFFIX}`, activation: 'softmax' }),
    logits,
  )
}
