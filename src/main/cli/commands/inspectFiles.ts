import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp from 'sharp'

/** The bytes of a `data:image/png;base64,…` URL. */
export const pngOf = (dataUrl: string): Buffer =>
  Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')

/** A CSV cell: quoted when it holds a comma, quote or newline. */
const cell = (v: string | number): string => {
  const s = String(v)
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** The confusion matrix as CSV: a header of predicted classes, one row per true class. */
export function confusionCsv(classNames: string[], matrix: number[][]): string {
  const rows = [
    ['true \\ predicted', ...classNames],
    ...matrix.map((row, i) => [classNames[i] ?? String(i), ...row]),
  ]
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`
}

export async function writeOut(file: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, data)
}

/**
 * Lays PNGs of one size out on a transparent sheet, `cols` to a row, each drawn `scale`×
 * larger with nearest-neighbour (kernels are a few pixels) and a gap of `gap` pixels.
 */
export async function pngGrid(
  pngs: Buffer[],
  cols: number,
  scale: number,
  gap = 2,
): Promise<Buffer> {
  if (pngs.length === 0) throw new Error('nothing to draw')
  const meta = await sharp(pngs[0]).metadata()
  const w = (meta.width ?? 1) * scale
  const h = (meta.height ?? 1) * scale
  const rows = Math.ceil(pngs.length / cols)
  const tiles = await Promise.all(
    pngs.map((p) => sharp(p).resize(w, h, { kernel: 'nearest' }).ensureAlpha().png().toBuffer()),
  )
  return sharp({
    create: {
      width: cols * w + (cols - 1) * gap,
      height: rows * h + (rows - 1) * gap,
      channels: 4,
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    },
  })
    .composite(
      tiles.map((input, i) => ({
        input,
        left: (i % cols) * (w + gap),
        top: Math.floor(i / cols) * (h + gap),
      })),
    )
    .png()
    .toBuffer()
}

/** Writes numbered PNGs into `dir` and returns their paths. */
export async function writePngs(
  dir: string,
  prefix: string,
  images: { n: number; image: string }[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  return Promise.all(
    images.map(async ({ n, image }) => {
      const file = join(dir, `${prefix}${String(n).padStart(3, '0')}.png`)
      await writeFile(file, pngOf(image))
      return file
    }),
  )
}
