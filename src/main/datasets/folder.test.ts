import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { importDataset, loadDataset } from '.'
import { expectNothingLeft } from './testing/leftovers'
import { solid, writeImageFolder } from './testing/fixtures'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

const RED: [number, number, number] = [220, 20, 20]
const BLUE: [number, number, number] = [20, 20, 220]

describe('image folders', () => {
  it('imports PNG, JPEG and WebP class folders resized to the chosen size, with a seeded test split', async () => {
    const src = join(home, 'colours')
    await writeImageFolder(src, { red: RED, blue: BLUE }, 10)
    const { dataset, skipped } = await importDataset(store, home, {
      path: src,
      size: 8,
      seed: 3,
      testFraction: 0.2,
    })
    expect(skipped).toEqual([])
    expect(dataset).toMatchObject({
      format: 'folder',
      shape: [8, 8, 3],
      classes: ['blue', 'red'],
      counts: { train: 16, test: 4 },
      splitSeed: 3,
    })
    expect(dataset.classCounts).toEqual([10, 10])
    const loaded = await loadDataset(home, dataset.id, { valFraction: 0 })
    for (let i = 0; i < loaded.train.count; i++) {
      const px = loaded.train.images.subarray(i * 192, i * 192 + 3)
      const want = loaded.train.labels[i] === 1 ? RED : BLUE
      px.forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThan(12)) // JPEG/WebP are lossy
    }
    expect(dataset.mean[0]).toBeGreaterThan(100) // half red, half blue
    expect(dataset.mean[2]).toBeGreaterThan(100)
  })

  it('converts to grayscale, keeps non-ASCII class names, and reads CMYK and 16-bit images', async () => {
    const src = join(home, 'mixed')
    await writeImageFolder(src, { café: [200, 200, 200], чай: [30, 30, 30] }, 3)
    await solid(12, 12, [200, 200, 200])
      .toColourspace('cmyk')
      .jpeg()
      .toFile(join(src, 'café', 'cmyk.jpg'))
    await solid(12, 12, [30, 30, 30])
      .toColourspace('rgb16')
      .png()
      .toFile(join(src, 'чай', 'deep.png'))
    expect((await sharp(join(src, 'café', 'cmyk.jpg')).metadata()).space).toBe('cmyk')
    expect((await sharp(join(src, 'чай', 'deep.png')).metadata()).depth).toBe('ushort')
    const { dataset, skipped } = await importDataset(store, home, {
      path: src,
      size: 6,
      grayscale: true,
      testFraction: 0,
    })
    expect(skipped).toEqual([])
    expect(dataset.classes).toEqual(['café', 'чай'])
    expect(dataset.shape).toEqual([6, 6, 1])
    expect(dataset.counts.train).toBe(8)
    const loaded = await loadDataset(home, dataset.id, { valFraction: 0 })
    // Files sort by name: café/cmyk.jpg is image 0, чай/deep.png image 4.
    expect([...loaded.train.labels]).toEqual([0, 0, 0, 0, 1, 1, 1, 1])
    for (let i = 0; i < 8; i++) {
      const want = i < 4 ? 200 : 30
      loaded.train.images
        .subarray(i * 36, (i + 1) * 36)
        .forEach((v) => expect(Math.abs(v - want)).toBeLessThan(15))
    }
  })

  it('skips unreadable files with a reason and imports the rest', async () => {
    const src = join(home, 'messy')
    await writeImageFolder(src, { a: RED, b: BLUE }, 4)
    mkdirSync(join(src, 'empty-class'))
    writeFileSync(join(src, 'a', 'zero.png'), Buffer.alloc(0))
    writeFileSync(join(src, 'a', 'notes.png'), 'this is a text file with a .png name')
    const png = readFileSync(join(src, 'b', 'img000.png'))
    writeFileSync(join(src, 'b', 'cut.png'), png.subarray(0, Math.floor(png.length / 2)))
    const jpg = readFileSync(join(src, 'b', 'img001.jpg'))
    writeFileSync(join(src, 'b', 'cut.jpg'), jpg.subarray(0, Math.floor(jpg.length * 0.6)))
    await solid(300, 300, RED)
      .png()
      .toFile(join(src, 'a', 'huge.png'))
    writeFileSync(join(src, 'b', 'readme.txt'), 'hello')
    writeFileSync(join(src, 'stray.png'), png)
    const { dataset, skipped } = await importDataset(store, home, {
      path: src,
      size: 8,
      maxPixels: 100 * 100,
      testFraction: 0,
    })
    expect(dataset.classes).toEqual(['a', 'b'])
    expect(dataset.counts.train).toBe(8)
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]))
    expect(reasons[join('a', 'zero.png')]).toMatch(/empty file/)
    expect(reasons[join('a', 'notes.png')]).toMatch(/not a readable image/)
    expect(reasons[join('b', 'cut.png')]).toMatch(/damaged or cut short/)
    expect(reasons[join('b', 'cut.jpg')]).toMatch(/damaged or cut short/)
    expect(reasons[join('a', 'huge.png')]).toMatch(/10,000-pixel limit/)
    expect(reasons[join('b', 'readme.txt')]).toMatch(/not a PNG, JPEG or WebP/)
    expect(reasons['empty-class']).toMatch(/without images/)
    expect(reasons['stray.png']).toMatch(/outside a class folder/)
    expect(store.datasets.get(dataset.id)?.skipped).toEqual(skipped)
  })

  it('refuses files and folders reached through a link that leaves the chosen folder', async () => {
    const outside = join(home, 'outside')
    await writeImageFolder(outside, { secret: RED }, 2)
    const src = join(home, 'linked')
    await writeImageFolder(src, { a: RED, b: BLUE }, 2)
    symlinkSync(join(outside, 'secret'), join(src, 'secret'))
    symlinkSync(join(outside, 'secret', 'img000.png'), join(src, 'a', 'escape.png'))
    symlinkSync(join(src, 'b', 'img000.png'), join(src, 'a', 'inside.png'))
    const { dataset, skipped } = await importDataset(store, home, {
      path: src,
      size: 8,
      testFraction: 0,
    })
    expect(dataset.classes).toEqual(['a', 'b'])
    expect(dataset.counts.train).toBe(5) // 2 + 2 + the link that stays inside
    const refused = skipped
      .filter((s) => /outside the chosen folder/.test(s.reason))
      .map((s) => s.path)
    expect(refused.sort()).toEqual([join('a', 'escape.png'), 'secret'])
  })

  it.each([
    ['an empty folder', async (_src: string) => {}, /no class folders/],
    [
      'images without class folders',
      async (src: string) => void (await solid(8, 8, RED).png().toFile(join(src, 'x.png'))),
      /no class folders/,
    ],
    [
      'class folders without images',
      async (src: string) => mkdirSync(join(src, 'a')),
      /none of its class folders holds/,
    ],
    [
      'one readable class',
      async (src: string) => {
        await writeImageFolder(src, { a: RED }, 2)
        mkdirSync(join(src, 'b'))
        writeFileSync(join(src, 'b', 'bad.png'), 'nope')
      },
      /at least two classes.*bad\.png/s,
    ],
  ])('refuses %s and leaves nothing behind', async (_name, make, message) => {
    const src = join(home, 'input')
    mkdirSync(src)
    await make(src)
    await expect(importDataset(store, home, { path: src, format: 'folder' })).rejects.toThrow(
      message,
    )
    expectNothingLeft(store, home)
  })

  it('stops when cancelled, leaving no row and no files', async () => {
    const src = join(home, 'many')
    await writeImageFolder(src, { a: RED, b: BLUE }, 40)
    const controller = new AbortController()
    const phases: number[] = []
    const promise = importDataset(
      store,
      home,
      { path: src, size: 8 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'decoding') {
            phases.push(p.done)
            controller.abort()
          }
        },
      },
    )
    await expect(promise).rejects.toMatchObject({ code: 'datasets/cancelled' })
    expect(phases[0]).toBeLessThan(80)
    expectNothingLeft(store, home)
  })
})
