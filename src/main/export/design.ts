import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { serializeDesign, type Design } from '../../shared/graph'
import { designSvg } from './diagram'

/** A file name from a design name: letters, digits, dashes. */
export function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'design'
}

/** The tallest PNG written: image viewers and sharp's decoders stop near 32,767 pixels. */
export const MAX_PNG_HEIGHT = 32_767

/**
 * Writes `<name>.blockwise.json`, `<name>.svg` and `<name>.png`: the SVG at 2× for crisp text,
 * less for a tall diagram, and no PNG (saying why through `onNote`) for one taller than
 * `MAX_PNG_HEIGHT` even at 1×.
 */
export async function exportDesign(
  design: Design,
  outDir: string,
  onNote: (message: string) => void = () => {},
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true })
  const stem = fileStem(design.name)
  const { svg, height } = designSvg(design)
  const json = join(outDir, `${stem}.blockwise.json`)
  const svgFile = join(outDir, `${stem}.svg`)
  writeFileSync(json, serializeDesign(design))
  writeFileSync(svgFile, svg)
  const scale = Math.min(2, MAX_PNG_HEIGHT / height)
  if (scale < 1) {
    onNote(
      `the diagram is ${height.toLocaleString('en-US')} pixels tall, too tall for a PNG; the SVG holds it`,
    )
    return [json, svgFile]
  }
  const png = join(outDir, `${stem}.png`)
  await sharp(Buffer.from(svg), { density: 72 * scale, limitInputPixels: false })
    .png()
    .toFile(png)
  return [json, svgFile, png]
}
