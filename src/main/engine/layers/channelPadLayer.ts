import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'

/**
 * Appends zero channels up to `channels`: ResNet's parameter-free shortcut (option A). A custom
 * layer registered with tfjs serialization, so saved models load back.
 */
export class ChannelPad extends tfl.layers.Layer {
  static readonly className = 'BlockwiseChannelPad'
  readonly channels: number

  constructor(config: { name?: string; channels: number }) {
    super(config.name === undefined ? {} : { name: config.name })
    this.channels = config.channels
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape
    return [...shape.slice(0, -1), this.channels]
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (x === undefined) throw new Error(`${this.name}: no input`)
    const extra = this.channels - (x.shape[x.rank - 1] ?? 0)
    if (extra < 0) throw new Error(`${this.name}: input has more than ${this.channels} channels`)
    const pads = x.shape.map((_, i): [number, number] => (i === x.rank - 1 ? [0, extra] : [0, 0]))
    return tf.pad(x, pads)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), channels: this.channels }
  }
}

tf.serialization.registerClass(ChannelPad)
