import { describe, expect, it } from 'vitest'
import { filterGrid, filterImages, type Kernel } from './filters'

/** A kernel whose value at (y, x, c, f) is y·100 + x·10 + c + f·1000 (every tap distinct). */
function kernel(kh: number, kw: number, inChannels: number, filters: number): Kernel {
  const values = new Float32Array(kh * kw * inChannels * filters)
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < inChannels; c++)
        for (let f = 0; f < filters; f++)
          values[((y * kw + x) * inChannels + c) * filters + f] = y * 100 + x * 10 + c + f * 1000
  return { values, kh, kw, inChannels, filters }
}

describe('filter images', () => {
  it('draws a colour kernel per filter for RGB input, normalised to its own range', () => {
    const items = filterImages(kernel(5, 5, 3, 6), {
      colour: true,
      maxFilters: 64,
      maxChannels: 16,
    })
    expect(items).toHaveLength(6)
    for (const [f, item] of items.entries()) {
      expect(item.image).toMatchObject({ width: 5, height: 5, channels: 4 })
      expect(item.min).toBe(f * 1000)
      expect(item.max).toBe(f * 1000 + 442)
      const px = item.image.pixels
      expect([px[0], px[1], px[2], px[3]]).toEqual([0, 1, 1, 255]) // (0,0): c0 is the minimum
      const last = (4 * 5 + 4) * 4
      expect(px[last + 2]).toBe(255) // (4,4) channel 2 is the maximum
    }
  })

  it('draws a row of per-channel kernels for deeper layers, capped at maxChannels', () => {
    const items = filterImages(kernel(3, 3, 20, 4), {
      colour: false,
      maxFilters: 64,
      maxChannels: 16,
    })
    expect(items).toHaveLength(4)
    expect(items[0]!.image).toMatchObject({ width: 16 * 3 + 15, height: 3 })
    const grid = filterGrid(items, 2)
    // One row per filter, one column per shown input channel, each tap 2×2 px, 1-px gaps.
    expect(grid).toMatchObject({ rows: 4, cols: 1, width: (16 * 3 + 15) * 2, height: 4 * 6 + 3 })
  })

  it('lays single kernels in a near-square grid matching the layer (6 filters → 3×2)', () => {
    const grid = filterGrid(
      filterImages(kernel(5, 5, 1, 6), { colour: false, maxFilters: 64, maxChannels: 16 }),
      3,
    )
    expect(grid).toMatchObject({ cols: 3, rows: 2, width: 3 * 15 + 2, height: 2 * 15 + 1 })
    expect(grid.pixels.length).toBe(grid.width * grid.height * 4)
    // The gap after the first cell is clear; the cell itself is opaque.
    expect(grid.pixels[15 * 4 + 3]).toBe(0)
    expect(grid.pixels[14 * 4 + 3]).toBe(255)
  })

  it('shows at most maxFilters filters', () => {
    expect(
      filterImages(kernel(3, 3, 2, 100), { colour: false, maxFilters: 10, maxChannels: 16 }),
    ).toHaveLength(10)
  })
})
