import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import type { SymbolicTensor } from '@tensorflow/tfjs-layers'

type Conv2DLayer = ReturnType<typeof tfl.layers.conv2d>
type ConvArgs = Parameters<typeof tfl.layers.conv2d>[0]

// tfjs-layers exports a factory for Conv2D, not the class; the class is what a subclass needs.
const Conv2D = Object.getPrototypeOf(tfl.layers.conv2d({ filters: 1, kernelSize: 1 }))
  .constructor as new (args: ConvArgs) => Conv2DLayer

/**
 * True when nothing trainable lies upstream of `t` (the image, padding, pooling of it): no
 * gradient ever flows back into it.
 */
export function needsNoGradient(t: SymbolicTensor, seen = new Set<SymbolicTensor>()): boolean {
  if (seen.has(t)) return true
  seen.add(t)
  const layer = t.sourceLayer
  if (layer.trainableWeights.length > 0) return false
  return layer.inboundNodes.every((node) =>
    node.inputTensors.every((input) => needsNoGradient(input, seen)),
  )
}

/**
 * A Conv2D for an input that needs no gradient (a net's first conv). tfjs-layers runs every
 * conv through the fused conv op, whose custom gradient computes the input gradient always —
 * for the first conv that is thrown away, and it is the costliest gradient there is (one
 * output channel per image channel: LeNet-5 spent a quarter of its step on it). The plain conv
 * op plus a bias add records kernels whose gradients tfjs computes only for the inputs that
 * need them. Same weights, same config and class name, so checkpoints and model.json are those
 * of a Conv2D.
 */
export class InputConv2D extends Conv2D {
  static className = 'Conv2D'

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D
      if (this.dataFormat !== 'channelsLast') {
        throw new Error(`${this.name}: only channelsLast convolutions are built`)
      }
      const [sh = 1, sw = sh] = this.strides
      const [dh = 1, dw = dh] = this.dilationRate
      let y: tf.Tensor = tf.conv2d(
        x,
        this.kernel.read() as tf.Tensor4D,
        [sh, sw],
        this.padding === 'same' ? 'same' : 'valid',
        'NHWC',
        [dh, dw],
      )
      if (this.useBias) y = tf.add(y, this.bias.read())
      return this.activation.apply(y)
    })
  }
}
