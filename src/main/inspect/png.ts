import sharp from 'sharp'

/** Raw 8-bit pixels, row-major, interleaved channels. */
export interface RawImage {
  width: number
  height: number
  channels: 1 | 2 | 3 | 4
  pixels: Uint8Array
}

/** Encodes raw pixels as PNG (one-channel images stay one channel). */
export async function pngBytes(img: RawImage, scale = 1): Promise<Buffer> {
  let s = sharp(Buffer.from(img.pixels.buffer, img.pixels.byteOffset, img.pixels.byteLength), {
    raw: { width: img.width, height: img.height, channels: img.channels },
  })
  if (scale > 1) s = s.resize(img.width * scale, img.height * scale, { kernel: 'nearest' })
  // Without b-w, sharp writes a one-channel image as an RGB PNG (three times the bytes).
  if (img.channels === 1) s = s.toColourspace('b-w')
  return s.png().toBuffer()
}

export async function pngDataUrl(img: RawImage, scale = 1): Promise<string> {
  return `data:image/png;base64,${(await pngBytes(img, scale)).toString('base64')}`
}

/** Maps values to 0..255 by their own min..max (a constant input becomes mid-grey). */
export function normalise(values: ArrayLike<number>): {
  bytes: Uint8Array
  min: number
  max: number
} {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v < min) min = v
    if (v > max) max = v
  }
  const bytes = new Uint8Array(values.length)
  const range = max - min
  for (let i = 0; i < values.length; i++)
    bytes[i] = range > 0 ? Math.round(((values[i]! - min) / range) * 255) : 128
  return { bytes, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 }
}

/** The inclusive box `top..bottom × left..right` of an image. */
export function crop(
  img: RawImage,
  box: { top: number; left: number; bottom: number; right: number },
): RawImage {
  const width = box.right - box.left + 1
  const height = box.bottom - box.top + 1
  const c = img.channels
  const pixels = new Uint8Array(width * height * c)
  for (let y = 0; y < height; y++) {
    const from = ((box.top + y) * img.width + box.left) * c
    pixels.set(img.pixels.subarray(from, from + width * c), y * width * c)
  }
  return { width, height, channels: c, pixels }
}
