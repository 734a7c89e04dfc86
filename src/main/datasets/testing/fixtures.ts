import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'

/** An IDX file of unsigned bytes: magic 00 00 08 <ndim>, big-endian dims, then the data. */
export function idxBytes(
  dims: number[],
  data: Uint8Array | number[],
  opts: { littleEndian?: boolean } = {},
): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length)
  if (opts.littleEndian) header.writeUInt32LE(0x0800 | dims.length, 0)
  else header.writeUInt32BE(0x0800 | dims.length, 0)
  dims.forEach((d, i) =>
    opts.littleEndian ? header.writeUInt32LE(d, 4 + 4 * i) : header.writeUInt32BE(d, 4 + 4 * i),
  )
  return Buffer.concat([header, Buffer.from(data)])
}

/** Image n of a synthetic h×w set: every pixel is (n * 7 + y * w + x) mod 256, so each image is recognisable. */
export function syntheticImages(count: number, h: number, w: number): Uint8Array {
  const out = new Uint8Array(count * h * w)
  for (let n = 0; n < count; n++)
    for (let p = 0; p < h * w; p++) out[n * h * w + p] = (n * 7 + p) % 256
  return out
}

/** Writes an MNIST-layout folder: train/t10k images and labels (labels = index mod classes). */
export function writeIdxFolder(
  dir: string,
  o: {
    train: number
    test: number
    h?: number
    w?: number
    classes?: number
    gzip?: boolean
    skipTest?: boolean
  },
): void {
  const h = o.h ?? 6
  const w = o.w ?? 5
  const classes = o.classes ?? 3
  mkdirSync(dir, { recursive: true })
  const write = (name: string, bytes: Buffer): void => writeFileSync(join(dir, name), bytes)
  const labels = (n: number): number[] => Array.from({ length: n }, (_, i) => i % classes)
  write('train-images-idx3-ubyte', idxBytes([o.train, h, w], syntheticImages(o.train, h, w)))
  write('train-labels-idx1-ubyte', idxBytes([o.train], labels(o.train)))
  if (!o.skipTest) {
    write('t10k-images-idx3-ubyte', idxBytes([o.test, h, w], syntheticImages(o.test, h, w)))
    write('t10k-labels-idx1-ubyte', idxBytes([o.test], labels(o.test)))
  }
}

/** A w×h RGB image filled with one colour. */
export function solid(w: number, h: number, rgb: [number, number, number]): sharp.Sharp {
  const px = Buffer.alloc(w * h * 3)
  for (let i = 0; i < w * h; i++) px.set(rgb, i * 3)
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
}

/** Writes `perClass` images per class: PNG, JPEG and WebP in turn, each class its own colour. */
export async function writeImageFolder(
  dir: string,
  classes: Record<string, [number, number, number]>,
  perClass: number,
  size = 20,
): Promise<void> {
  const formats = ['png', 'jpeg', 'webp'] as const
  for (const [name, rgb] of Object.entries(classes)) {
    mkdirSync(join(dir, name), { recursive: true })
    for (let i = 0; i < perClass; i++) {
      const format = formats[i % formats.length]!
      const ext = format === 'jpeg' ? 'jpg' : format
      await solid(size + i, size, rgb)
        .toFormat(format)
        .toFile(join(dir, name, `img${String(i).padStart(3, '0')}.${ext}`))
    }
  }
}
