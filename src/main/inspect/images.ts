import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import { Batcher, type Split } from '../engine/trainer/data'
import type { Stats } from './evaluate'
import { InspectInputError, type RunModel } from './model'
import { normalise, type RawImage } from './png'

/** Larger images are refused before decoding (decompression bombs). */
const MAX_PIXELS = 50_000_000

/**
 * Turns an image file into what the network takes, as the folder importer does: EXIF rotation,
 * centre crop to H×W, alpha dropped, grey or sRGB to match the dataset's channels.
 */
export async function imageFromFile(
  bytes: Buffer,
  shape: readonly [number, number, number],
): Promise<RawImage> {
  const [h, w, c] = shape
  if (c !== 1 && c !== 3)
    throw new InspectInputError(`images with ${c} channels cannot be made from a file`)
  try {
    let s = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize(w, h, { fit: 'cover' })
      .removeAlpha()
    s = c === 1 ? s.grayscale() : s.toColourspace('srgb')
    const { data, info } = await s.raw().toBuffer({ resolveWithObject: true })
    if (info.channels !== c) throw new Error(`decoded ${info.channels} channels, expected ${c}`)
    return {
      width: w,
      height: h,
      channels: c,
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    }
  } catch (e) {
    throw new InspectInputError(
      `cannot read the image: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
}

/** Image `index` of a split as raw pixels (no copy). */
export function imageOf(
  split: Split,
  index: number,
  shape: readonly [number, number, number],
): RawImage {
  if (index >= split.count)
    throw new InspectInputError(`the split has ${split.count} images; there is no image ${index}`)
  const [h, w, c] = shape
  const size = h * w * c
  return {
    width: w,
    height: h,
    channels: c as 1 | 3,
    pixels: split.images.subarray(index * size, (index + 1) * size),
  }
}

/** One image as a normalised batch of one, exactly as the trainer's `Batcher` makes it. */
function asBatch(img: RawImage, stats: Stats): tf.Tensor4D {
  const batcher = new Batcher({ images: img.pixels, labels: [0], count: 1 }, stats.shape, 1, stats)
  try {
    const { x, y } = batcher.batch(0)
    y.dispose()
    return x
  } finally {
    batcher.dispose()
  }
}

/** Class probabilities of one image (softmax of the logits, inference mode). */
export async function classProbabilities(
  m: RunModel,
  img: RawImage,
  stats: Stats,
): Promise<Float32Array> {
  const x = asBatch(img, stats)
  const probs = tf.tidy(() =>
    tf.softmax(m.compiled.logits.apply(x, { training: false }) as tf.Tensor2D),
  )
  const values = (await probs.data()) as Float32Array
  tf.dispose([x, probs])
  return values
}

/** The `k` most probable classes, most probable first. */
export function topK(
  probs: ArrayLike<number>,
  k: number,
): { classIndex: number; probability: number }[] {
  return Array.from(probs, (probability, classIndex) => ({ classIndex, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k)
}

export interface FeatureMap {
  channel: number
  image: RawImage
  min: number
  max: number
}

/** One image's activations at a layer: a grey map per channel, each normalised to its own range. */
export async function featureMaps(
  m: RunModel,
  layer: string,
  img: RawImage,
  stats: Stats,
  maxChannels: number,
): Promise<{ shape: number[]; maps: FeatureMap[] }> {
  const info = m.layer(layer)
  if (info.shape === null || info.shape.length !== 3)
    throw new InspectInputError(
      `${layer} has no feature map (its output is ${info.shape?.join('×') ?? 'unknown'})`,
    )
  const x = asBatch(img, stats)
  const act = tf.tidy(() => m.upTo(layer).apply(x, { training: false }) as tf.Tensor4D)
  const values = await act.data()
  const [, h = 0, w = 0, c = 0] = act.shape
  tf.dispose([x, act])
  const maps: FeatureMap[] = []
  const plane = new Float32Array(h * w)
  for (let ch = 0; ch < Math.min(c, maxChannels); ch++) {
    for (let p = 0; p < h * w; p++) plane[p] = values[p * c + ch]!
    const { bytes, min, max } = normalise(plane)
    maps.push({ channel: ch, image: { width: w, height: h, channels: 1, pixels: bytes }, min, max })
  }
  return { shape: [h, w, c], maps }
}
