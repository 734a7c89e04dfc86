import * as tf from '@tensorflow/tfjs-core'

export interface Augmentation {
  /** Pixels of zero padding (after normalisation, so the mean colour) on each side; 0 = no crop. */
  cropPadding: number
  flip: boolean
}

/**
 * Random crop with padding and random horizontal flip for a whole batch in one
 * `cropAndResize`: each example gets a box of its own size at a random offset in the padded
 * image, with x1 > x2 when it is flipped. Boxes fall on pixel centres, so nothing is resampled.
 */
export function augment(x: tf.Tensor4D, aug: Augmentation, rng: () => number): tf.Tensor4D {
  const p = aug.cropPadding
  if (p === 0 && !aug.flip) return x
  const [n, h, w] = x.shape
  return tf.tidy(() => {
    const padded =
      p > 0
        ? tf.pad(x, [
            [0, 0],
            [p, p],
            [p, p],
            [0, 0],
          ])
        : x
    const hp = h + 2 * p
    const wp = w + 2 * p
    const boxes = new Float32Array(n * 4)
    for (let i = 0; i < n; i++) {
      const dy = Math.floor(rng() * (2 * p + 1))
      const dx = Math.floor(rng() * (2 * p + 1))
      const y1 = hp > 1 ? dy / (hp - 1) : 0
      const y2 = hp > 1 ? (dy + h - 1) / (hp - 1) : 0
      let x1 = wp > 1 ? dx / (wp - 1) : 0
      let x2 = wp > 1 ? (dx + w - 1) / (wp - 1) : 0
      if (aug.flip && rng() < 0.5) [x1, x2] = [x2, x1]
      boxes.set([y1, x1, y2, x2], i * 4)
    }
    const boxInd = tf.tensor1d(
      Int32Array.from({ length: n }, (_, i) => i),
      'int32',
    )
    return tf.image.cropAndResize(padded, tf.tensor2d(boxes, [n, 4]), boxInd, [h, w], 'bilinear')
  })
}
