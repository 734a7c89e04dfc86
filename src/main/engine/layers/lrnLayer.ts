import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'

/** The config a saved LRN layer carries in model.json. */
export interface LrnConfig {
  name?: string
  size: number
  alpha: number
  beta: number
  k: number
}

/**
 * Local response normalisation across channels (AlexNet §3.3):
 * `b = a / (k + alpha · Σ a²)^beta` over `size` neighbouring channels. tfjs-layers has no
 * such layer, so this one is registered with tfjs serialization and `loadLayersModel` reads it.
 */
export class LocalResponseNormalization extends tfl.layers.Layer {
  static readonly className = 'BlockwiseLRN'
  readonly size: number
  readonly alpha: number
  readonly beta: number
  readonly k: number

  constructor(config: LrnConfig) {
    super(config.name === undefined ? {} : { name: config.name })
    this.size = config.size
    this.alpha = config.alpha
    this.beta = config.beta
    this.k = config.k
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (x === undefined) throw new Error(`${this.name}: no input`)
    // tf's depth radius counts neighbours on each side; the paper's n is the window width.
    const radius = Math.floor(this.size / 2)
    return tf.localResponseNormalization(x as tf.Tensor4D, radius, this.k, this.alpha, this.beta)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size, alpha: this.alpha, beta: this.beta, k: this.k }
  }
}

tf.serialization.registerClass(LocalResponseNormalization)
