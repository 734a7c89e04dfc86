import type { RawImage } from './png'

/** A conv kernel as tfjs stores it: `[kh, kw, inChannels, filters]`, values in that order. */
export interface Kernel {
  values: Float32Array
  kh: number
  kw: number
  inChannels: number
  filters: number
}

export interface FilterImage {
  index: number
  /** RGBA: one k×k colour kernel, or a row of per-channel grey kernels with 1-px clear gaps. */
  image: RawImage
  min: number
  max: number
}

export interface FilterOptions {
  /** One RGB image per filter (the first layer on RGB input). */
  colour: boolean
  maxFilters: number
  maxChannels: number
}

const at = (k: Kernel, y: number, x: number, c: number, f: number): number =>
  k.values[((y * k.kw + x) * k.inChannels + c) * k.filters + f]!

/** Whether a layer's kernels are best drawn in colour: three input channels straight from the image. */
export function isColourLayer(inChannels: number, fedByInput: boolean): boolean {
  return fedByInput && inChannels === 3
}

/**
 * Each filter's kernels as an image, normalised to the filter's own min..max over all its
 * input channels (so the channels of one filter stay comparable).
 */
export function filterImages(k: Kernel, opts: FilterOptions): FilterImage[] {
  const count = Math.min(k.filters, opts.maxFilters)
  const channels = opts.colour ? k.inChannels : Math.min(k.inChannels, opts.maxChannels)
  const out: FilterImage[] = []
  for (let f = 0; f < count; f++) {
    let min = Infinity
    let max = -Infinity
    for (let y = 0; y < k.kh; y++)
      for (let x = 0; x < k.kw; x++)
        for (let c = 0; c < k.inChannels; c++) {
          const v = at(k, y, x, c, f)
          if (v < min) min = v
          if (v > max) max = v
        }
    const range = max - min
    const byte = (v: number) => (range > 0 ? Math.round(((v - min) / range) * 255) : 128)
    const width = opts.colour ? k.kw : channels * k.kw + (channels - 1)
    const pixels = new Uint8Array(width * k.kh * 4)
    for (let y = 0; y < k.kh; y++)
      for (let x = 0; x < k.kw; x++) {
        if (opts.colour) {
          const o = (y * width + x) * 4
          for (let c = 0; c < 3; c++) pixels[o + c] = byte(at(k, y, x, c, f))
          pixels[o + 3] = 255
          continue
        }
        for (let c = 0; c < channels; c++) {
          const o = (y * width + c * (k.kw + 1) + x) * 4
          const g = byte(at(k, y, x, c, f))
          pixels[o] = pixels[o + 1] = pixels[o + 2] = g
          pixels[o + 3] = 255
        }
      }
    out.push({ index: f, image: { width, height: k.kh, channels: 4, pixels }, min, max })
  }
  return out
}

/**
 * Lays filter images out on one RGBA sheet, each drawn `scale`× larger with a 1-px clear gap:
 * single kernels (colour, or one input channel) in a near-square grid, rows of per-channel
 * kernels one under the other (a row per filter, a column per input channel).
 */
export function filterGrid(
  items: FilterImage[],
  scale = 1,
): RawImage & { rows: number; cols: number } {
  const first = items[0]
  if (!first)
    return { width: 0, height: 0, channels: 4, pixels: new Uint8Array(0), rows: 0, cols: 0 }
  const cw = first.image.width * scale
  const ch = first.image.height * scale
  const single = first.image.width === first.image.height
  const cols = single ? Math.ceil(Math.sqrt(items.length)) : 1
  const rows = Math.ceil(items.length / cols)
  const gap = 1
  const width = cols * cw + (cols - 1) * gap
  const height = rows * ch + (rows - 1) * gap
  const pixels = new Uint8Array(width * height * 4)
  items.forEach((item, i) => {
    const ox = (i % cols) * (cw + gap)
    const oy = Math.floor(i / cols) * (ch + gap)
    const src = item.image
    for (let y = 0; y < ch; y++)
      for (let x = 0; x < cw; x++) {
        const s = (Math.floor(y / scale) * src.width + Math.floor(x / scale)) * 4
        pixels.set(src.pixels.subarray(s, s + 4), ((oy + y) * width + ox + x) * 4)
      }
  })
  return { width, height, channels: 4, pixels, rows, cols }
}
