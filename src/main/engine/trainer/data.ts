import * as tf from '@tensorflow/tfjs-core'

/** One split of a decoded dataset: `count` images of `H·W·C` bytes each, NHWC, and their labels. */
export interface Split {
  images: Uint8Array
  labels: ArrayLike<number>
  count: number
}

/** What the trainer needs of a dataset (the shape `loadDataset` returns). */
export interface TrainData {
  shape: readonly [number, number, number]
  classes: readonly string[]
  train: Split
  val: Split
  test: Split
  /** Per-channel statistics of the train split, 0..255 units. */
  mean: readonly number[]
  std: readonly number[]
}

/** The first `n` examples of a split, without copying. */
export function firstN(split: Split, n: number): Split {
  if (n >= split.count) return split
  const size = split.images.length / Math.max(1, split.count)
  return {
    images: split.images.subarray(0, n * size),
    labels: Array.prototype.slice.call(split.labels, 0, n) as number[],
    count: n,
  }
}

/**
 * Turns examples of a split into normalised float batches. The bytes of a batch are gathered
 * with one `set` per example (a memcpy) into a reused buffer; conversion, normalisation and
 * augmentation are tensor ops.
 */
export class Batcher {
  private readonly size: number
  private readonly bytes: Uint8Array
  private readonly labelBuf: Int32Array
  private readonly mean: tf.Tensor1D
  private readonly invStd: tf.Tensor1D

  constructor(
    private readonly split: Split,
    private readonly shape: readonly [number, number, number],
    readonly batchSize: number,
    stats: { mean: readonly number[]; std: readonly number[] },
  ) {
    this.size = shape[0] * shape[1] * shape[2]
    if (split.images.length < split.count * this.size) {
      throw new Error(
        `split holds ${split.images.length} bytes, ${split.count} images of ${shape.join('×')} need ${split.count * this.size}`,
      )
    }
    this.bytes = new Uint8Array(batchSize * this.size)
    this.labelBuf = new Int32Array(batchSize)
    const c = shape[2]
    const mean = Array.from({ length: c }, (_, i) => stats.mean[i] ?? stats.mean[0] ?? 0)
    const std = Array.from({ length: c }, (_, i) => stats.std[i] ?? stats.std[0] ?? 1)
    this.mean = tf.keep(tf.tensor1d(mean))
    this.invStd = tf.keep(tf.tensor1d(std.map((s) => (s > 1e-6 ? 1 / s : 1))))
  }

  get count(): number {
    return this.split.count
  }

  batches(): number {
    return Math.ceil(this.split.count / this.batchSize)
  }

  /** Batch `b` of the given order (or of the split's own order): `x` [n,H,W,C] float32, `y` [n] int32. */
  batch(b: number, order?: Int32Array): { x: tf.Tensor4D; y: tf.Tensor1D } {
    const start = b * this.batchSize
    const n = Math.min(this.batchSize, this.split.count - start)
    if (n <= 0) throw new Error(`batch ${b} is past the end of the split`)
    const { images, labels } = this.split
    const size = this.size
    let pixels: Uint8Array
    if (order === undefined) {
      pixels = images.subarray(start * size, (start + n) * size)
      for (let i = 0; i < n; i++) this.labelBuf[i] = labels[start + i]!
    } else {
      for (let i = 0; i < n; i++) {
        const k = order[start + i]!
        this.bytes.set(images.subarray(k * size, (k + 1) * size), i * size)
        this.labelBuf[i] = labels[k]!
      }
      pixels = this.bytes.subarray(0, n * size)
    }
    const [h, w, c] = this.shape
    const x = tf.tidy(
      () =>
        tf.mul(
          tf.sub(tf.tensor4d(Float32Array.from(pixels), [n, h, w, c]), this.mean),
          this.invStd,
        ) as tf.Tensor4D,
    )
    const y = tf.tensor1d(this.labelBuf.slice(0, n), 'int32')
    return { x, y }
  }

  dispose(): void {
    this.mean.dispose()
    this.invStd.dispose()
  }
}
