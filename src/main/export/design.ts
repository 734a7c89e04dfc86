import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { serializeDesign, type Design } from '../../shared/graph'
import { designSvg } from './diagram'

/** A file name from a design name: letters, digits, dashes. */
export function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'design'
}

/** Writes `<name>.blockwise.json`, `<name>.svg` and `<name>.png` (the SVG at 2× for crisp text). */
export async function exportDesign(design: Design, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true })
  const stem = fileStem(design.name)
  const svg = designSvg(design)
  const files = {
    json: join(outDir, `${stem}.blockwise.json`),
    svg: join(outDir, `${stem}.svg`),
    png: join(outDir, `${stem}.png`),
  }
  writeFileSync(files.json, serializeDesign(design))
  writeFileSync(files.svg, svg)
  await sharp(Buffer.from(svg), { density: 144 }).png().toFile(files.png)
  return [files.json, files.svg, files.png]
}
