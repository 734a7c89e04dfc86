import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page } from '@playwright/test'
import sharp from 'sharp'

/** A colour per class, far apart so a tiny network can tell them apart after one epoch. */
const CLASS_COLOURS: Record<string, [number, number, number]> = {
  red: [220, 40, 40],
  green: [40, 200, 60],
  blue: [40, 70, 220],
}

/**
 * Writes an image folder `root/<class>/<n>.png`: one colour per class, a light square at a
 * place that moves with n (so images of one class differ), 32×32 RGB.
 */
export async function writeColourFolder(root: string, perClass: number): Promise<string[]> {
  const classes = Object.keys(CLASS_COLOURS)
  for (const [name, [r, g, b]] of Object.entries(CLASS_COLOURS)) {
    mkdirSync(join(root, name), { recursive: true })
    for (let n = 0; n < perClass; n++) {
      const pixels = Buffer.alloc(32 * 32 * 3)
      const ox = (n * 5) % 20
      const oy = (n * 7) % 20
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++) {
          const square = x >= ox && x < ox + 10 && y >= oy && y < oy + 10
          const i = (y * 32 + x) * 3
          pixels[i] = square ? 255 - r / 2 : r
          pixels[i + 1] = square ? 255 - g / 2 : g
          pixels[i + 2] = square ? 255 - b / 2 : b
        }
      await sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } })
        .png()
        .toFile(join(root, name, `${n}.png`))
    }
  }
  return classes
}

/** A 28×28 grayscale PNG of a hand-drawn-looking "1": a thick vertical stroke on black. */
export async function writeDigitOne(file: string): Promise<void> {
  const pixels = Buffer.alloc(28 * 28)
  for (let y = 5; y < 23; y++) for (let x = 12; x < 16; x++) pixels[y * 28 + x] = 255
  await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } })
    .png()
    .toFile(file)
}

/** Drops `bytes` as a file on the element matched by `selector`, the way a file dragged from the desktop arrives. */
export async function dropFile(
  page: Page,
  selector: string,
  bytes: Buffer,
  name: string,
  type: string,
): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ b64, name, type }) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const dt = new DataTransfer()
      dt.items.add(new File([raw], name, { type }))
      return dt
    },
    { b64: bytes.toString('base64'), name, type },
  )
  const target = page.locator(selector)
  await target.dispatchEvent('dragover', { dataTransfer: transfer })
  await target.dispatchEvent('drop', { dataTransfer: transfer })
}

/** Closes the welcome sheet a fresh data directory greets with, when it shows. */
export async function dismissWelcome(page: Page): Promise<void> {
  const blank = page.getByTestId('welcome-blank')
  if (await blank.isVisible()) await blank.click()
  await expect(page.getByTestId('welcome')).toBeHidden()
}
